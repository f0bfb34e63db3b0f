// Templates: server-rendered HTML with kainjow mustache (escapes by default),
// Dutch first with English available. Page templates live in web/templates,
// translations in web/i18n/{nl,en}.json and are exposed to templates as {{t.key}}.
// Templates named _x.mustache are partials ({{> _x}}).
#pragma once

#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace inbeeld {

class Templates {
 public:
  // Loads every *.mustache in `templates_dir` and nl.json/en.json from
  // `i18n_dir`. Fails with a clear message when a file is missing or broken,
  // or when en.json lacks a key nl.json has (and vice versa).
  static Result<std::unique_ptr<Templates>> Load(const std::string& templates_dir,
                                                 const std::string& i18n_dir);

  // Renders template `name` (without extension) with `ctx`, then the layout
  // around it. `ctx` gains "t" (translations for `lang`) and "lang".
  // Thread-safe.
  std::string RenderPage(const std::string& name, nlohmann::json ctx,
                         const std::string& lang) const;
  // Renders one template without the layout (htmx fragments).
  std::string RenderFragment(const std::string& name, nlohmann::json ctx,
                             const std::string& lang) const;
  // A translated string; the key itself when missing.
  std::string Translate(const std::string& lang, const std::string& key) const;

 private:
  std::string Render(const std::string& name, const nlohmann::json& ctx) const;
  std::map<std::string, std::string> sources_;
  std::map<std::string, nlohmann::json> i18n_;
};

// "nl" unless `requested` is "en".
std::string NormaliseLang(const std::string& requested);

}  // namespace inbeeld
