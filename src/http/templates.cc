#include "http/templates.h"

#include <kainjow/mustache.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace inbeeld {

namespace mstch = kainjow::mustache;

namespace {

mstch::data ToData(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      mstch::data d{mstch::data::type::object};
      for (auto it = j.begin(); it != j.end(); ++it) d.set(it.key(), ToData(it.value()));
      return d;
    }
    case nlohmann::json::value_t::array: {
      mstch::data d{mstch::data::type::list};
      for (const auto& e : j) d.push_back(ToData(e));
      return d;
    }
    case nlohmann::json::value_t::boolean:
      return j.get<bool>() ? mstch::data{mstch::data::type::bool_true}
                           : mstch::data{mstch::data::type::bool_false};
    case nlohmann::json::value_t::string: return mstch::data{j.get<std::string>()};
    case nlohmann::json::value_t::null: return mstch::data{mstch::data::type::bool_false};
    default: return mstch::data{j.dump()};
  }
}

Result<std::string> ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return Status::Invalid("kan bestand niet lezen: " + p.string());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void CollectKeys(const nlohmann::json& j, const std::string& prefix,
                 std::vector<std::string>* out) {
  for (auto it = j.begin(); it != j.end(); ++it) {
    std::string k = prefix.empty() ? it.key() : prefix + "." + it.key();
    if (it.value().is_object())
      CollectKeys(it.value(), k, out);
    else
      out->push_back(k);
  }
}

}  // namespace

std::string NormaliseLang(const std::string& requested) {
  return requested == "en" ? "en" : "nl";
}

Result<std::unique_ptr<Templates>> Templates::Load(const std::string& templates_dir,
                                                   const std::string& i18n_dir) {
  auto t = std::make_unique<Templates>();
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(templates_dir, ec)) {
    if (entry.path().extension() != ".mustache") continue;
    auto src = ReadFile(entry.path());
    if (!src.ok()) return src.status();
    mstch::mustache check{*src};
    if (!check.is_valid()) {
      return Status::Invalid("template " + entry.path().string() + ": " + check.error_message());
    }
    t->sources_[entry.path().stem().string()] = *src;
  }
  if (ec) return Status::Invalid("templatemap ontbreekt: " + templates_dir + ": " + ec.message());
  if (!t->sources_.count("layout"))
    return Status::Invalid("layout.mustache ontbreekt in " + templates_dir);
  for (const char* lang : {"nl", "en"}) {
    auto src = ReadFile(std::filesystem::path(i18n_dir) / (std::string(lang) + ".json"));
    if (!src.ok()) return src.status();
    auto j = nlohmann::json::parse(*src, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      return Status::Invalid(std::string("vertaalbestand is geen geldig JSON-object: ") + lang);
    }
    t->i18n_[lang] = std::move(j);
  }
  std::vector<std::string> nl_keys, en_keys;
  CollectKeys(t->i18n_["nl"], "", &nl_keys);
  CollectKeys(t->i18n_["en"], "", &en_keys);
  std::sort(nl_keys.begin(), nl_keys.end());
  std::sort(en_keys.begin(), en_keys.end());
  if (nl_keys != en_keys) {
    std::vector<std::string> diff;
    std::set_symmetric_difference(nl_keys.begin(), nl_keys.end(), en_keys.begin(), en_keys.end(),
                                  std::back_inserter(diff));
    return Status::Invalid("nl.json en en.json verschillen in sleutel: " + diff.front());
  }
  return t;
}

std::string Templates::Render(const std::string& name, const nlohmann::json& ctx) const {
  auto it = sources_.find(name);
  if (it == sources_.end()) return "<p>template ontbreekt: " + name + "</p>";
  mstch::mustache tmpl{it->second};
  mstch::data data = ToData(ctx);
  // Partials: {{> _name}} resolves to the template _name.mustache. Only names
  // starting with '_' become partials, so they never shadow context keys.
  for (const auto& [pname, psrc] : sources_) {
    if (pname.empty() || pname[0] != '_') continue;
    std::string copy = psrc;
    data.set(pname, mstch::partial{[copy] { return copy; }});
  }
  return tmpl.render(data);
}

std::string Templates::RenderFragment(const std::string& name, nlohmann::json ctx,
                                      const std::string& lang) const {
  ctx["t"] = i18n_.at(NormaliseLang(lang));
  ctx["lang"] = NormaliseLang(lang);
  return Render(name, ctx);
}

std::string Templates::RenderPage(const std::string& name, nlohmann::json ctx,
                                  const std::string& lang) const {
  ctx["t"] = i18n_.at(NormaliseLang(lang));
  ctx["lang"] = NormaliseLang(lang);
  ctx["lang_" + NormaliseLang(lang)] = true;
  ctx["content"] = Render(name, ctx);
  return Render("layout", ctx);
}

std::string Templates::Translate(const std::string& lang, const std::string& key) const {
  const nlohmann::json* j = &i18n_.at(NormaliseLang(lang));
  size_t start = 0;
  while (true) {
    size_t dot = key.find('.', start);
    std::string part =
        key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!j->is_object() || !j->contains(part)) return key;
    j = &(*j)[part];
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return j->is_string() ? j->get<std::string>() : key;
}

}  // namespace inbeeld
