#include "demo/demo_names.h"

namespace inbeeld {
namespace {

constexpr std::string_view kBoys[] = {
    "Daan",     "Sem",     "Lucas",    "Levi",      "Finn",      "Noah",    "Milan",   "Luuk",
    "Bram",     "Jesse",   "Liam",     "Thijs",     "Lars",      "Mees",    "Sven",    "Ruben",
    "Julian",   "Thomas",  "Max",      "Adam",      "Tim",       "Sam",     "Jayden",  "Gijs",
    "Stijn",    "Tijn",    "Jens",     "Hugo",      "Siem",      "Teun",    "Morris",  "Mats",
    "Jan",      "Pieter",  "Willem",   "Kees",      "Joris",     "Koen",    "Wouter",  "Bas",
    "Niels",    "Rick",    "Jeroen",   "Dennis",    "Mark",      "Martijn", "Sander",  "Bart",
    "Erik",     "Frank",   "Hans",     "Henk",      "Gerrit",    "Jaap",    "Klaas",   "Dirk",
    "Sjoerd",   "Wim",     "Maarten",  "Floris",    "Olivier",   "Jasper",  "Tobias",  "Casper",
    "Ties",     "Boaz",    "Guus",     "Joep",      "Mick",      "Rens",    "Dex",     "Cas",
    "Olaf",     "Hidde",   "Jelle",    "Ids",       "Tjeerd",    "Wietse",  "Sietse",  "Jurre",
    "Dani",     "Vince",   "Benjamin", "David",     "Samuel",    "Elias",   "Jonas",   "Jacob",
    "Matthijs", "Stefan",  "Tom",      "Job",       "Quinten",   "Roel",    "Rutger",  "Remco",
    "Vincent",  "Hendrik", "Cornelis", "Johannes",  "Gerard",    "Anton",   "Arjen",   "Ivo",
    "Leon",     "Otis",    "Quin",     "Rayan",     "Mohammed",  "Ahmed",   "Yusuf",   "Ibrahim",
    "Amir",     "Omar",    "Ayoub",    "Bilal",     "Hamza",     "Mehmet",  "Emre",    "Burak",
    "Kerem",    "Yassin",  "Anas",     "Ilias",     "Zakaria",   "Daniel",  "Nathan",  "Kevin",
    "Wesley",   "Ricardo", "Jordy",    "Dylan",     "Glenn",     "Romano",  "Sepp",    "Mika",
    "Luca",     "Timo",    "Joost",    "Lennard",   "Ferdinand", "Reinier", "Hein",    "Ruud",
    "Ronald",   "Edwin",   "Marco",    "Patrick",   "Peter",     "Paul",    "Michiel", "Robbert",
    "Mathijs",  "Nick",    "Thijmen",  "Melle",     "Pim",       "Stan",    "Twan",    "Ralph",
    "Wessel",   "Ewout",   "Maurits",  "Diederik",  "Gert",      "Harm",    "Jurjen",  "Lieuwe",
    "Tjalling", "Auke",    "Durk",     "Hessel",    "Folkert",   "Menno",   "Onno",    "Egbert",
    "Geert",    "Arie",    "Bert",     "Cor",       "Dick",      "Evert",   "Fons",    "Frits",
    "Guido",    "Huub",    "Jos",      "Leo",       "Louis",     "Mathieu", "Noud",    "Pepijn",
    "Rob",      "Sjaak",   "Ton",      "Valentijn", "Xander",    "Yannick", "Zeger",   "Aron",
    "Benno",    "Chris",   "Dion",     "Ezra",      "Ferre",     "Gideon",  "Hamid",   "Isaak",
    "Jochem",   "Kaj",     "Lorenzo",  "Mart",      "Nout",      "Oscar",   "Philip",  "Rafael",
    "Senna",    "Teije",   "Umut",     "Victor",    "Wolf",
};

constexpr std::string_view kGirls[] = {
    "Emma",     "Julia",     "Mila",     "Tess",      "Sophie",    "Zoë",      "Sara",
    "Nora",     "Yara",      "Eva",      "Liv",       "Lotte",     "Evi",      "Noor",
    "Anna",     "Lisa",      "Saar",     "Fenna",     "Lieke",     "Roos",     "Fleur",
    "Isa",      "Sanne",     "Femke",    "Lynn",      "Maud",      "Floor",    "Jasmijn",
    "Amy",      "Iris",      "Vera",     "Esmee",     "Elin",      "Nina",     "Lauren",
    "Hanna",    "Olivia",    "Elise",    "Ilse",      "Kim",       "Anne",     "Marieke",
    "Inge",     "Petra",     "Monique",  "Sandra",    "Linda",     "Marloes",  "Annemarie",
    "Esther",   "Ellen",     "Ingrid",   "Karin",     "Wilma",     "Gerda",    "Truus",
    "Joke",     "Mieke",     "Ria",      "Annie",     "Maria",     "Johanna",  "Cornelia",
    "Hendrika", "Geertje",   "Aaltje",   "Sjoukje",   "Tjitske",   "Hinke",    "Froukje",
    "Baukje",   "Wiesje",    "Janna",    "Willemijn", "Charlotte", "Annabel",  "Floortje",
    "Merel",    "Sterre",    "Jet",      "Puck",      "Ise",       "Fien",     "Maartje",
    "Jikke",    "Loes",      "Marit",    "Myrthe",    "Naomi",     "Rosalie",  "Sofie",
    "Amber",    "Britt",     "Chantal",  "Demi",      "Eline",     "Kiki",     "Lana",
    "Lara",     "Luna",      "Mara",     "Nienke",    "Quinty",    "Romy",     "Selin",
    "Tara",     "Vajèn",     "Xena",     "Zara",      "Aya",       "Fatima",   "Yasmina",
    "Amira",    "Salma",     "Imane",    "Hiba",      "Nour",      "Malak",    "Ikram",
    "Meryem",   "Elif",      "Zeynep",   "Esra",      "Büşra",     "Ayşe",     "Defne",
    "Priya",    "Anjali",    "Shanti",   "Chanel",    "Kimberly",  "Samantha", "Jennifer",
    "Melissa",  "Stephanie", "Denise",   "Mandy",     "Patricia",  "Sabine",   "Brenda",
    "Jolanda",  "Marjolein", "Hester",   "Mirjam",    "Annelies",  "Bregje",   "Dieuwke",
    "Eefje",    "Geke",      "Hennie",   "Ida",       "Jantine",   "Klaasje",  "Liesbeth",
    "Margriet", "Nelleke",   "Oda",      "Riet",      "Sietske",   "Trijntje", "Ymke",
    "Ziva",     "Ada",       "Bente",    "Cato",      "Dewi",      "Evy",      "Fay",
    "Gwen",     "Hailey",    "Ivy",      "Jade",      "Kaya",      "Liz",      "Mette",
    "Nova",     "Odette",    "Pien",     "Rikst",     "Suze",      "Tamar",    "Uma",
    "Valerie",  "Wende",     "Yfke",     "Zilla",     "Anouk",     "Babette",  "Carlijn",
    "Daphne",   "Emmy",      "Fiene",    "Gabriëlle", "Hilde",     "Inez",     "Josephine",
    "Kirsten",  "Lieve",     "Madelief", "Nadia",     "Ophelia",   "Pleun",    "Quirine",
    "Renske",   "Silke",     "Tirza",    "Ursula",    "Veerle",    "Wendela",  "Xaviera",
    "Ylva",     "Zita",
};

constexpr DemoSurname kSurnames[] = {
    {"de", "Jong"},         {"", "Jansen"},        {"de", "Vries"},       {"van den", "Berg"},
    {"van", "Dijk"},        {"", "Bakker"},        {"", "Janssen"},       {"", "Visser"},
    {"", "Smit"},           {"", "Meijer"},        {"de", "Boer"},        {"", "Mulder"},
    {"de", "Groot"},        {"", "Bos"},           {"", "Vos"},           {"", "Peters"},
    {"", "Hendriks"},       {"van", "Leeuwen"},    {"", "Dekker"},        {"", "Brouwer"},
    {"de", "Wit"},          {"", "Dijkstra"},      {"", "Smits"},         {"de", "Graaf"},
    {"van der", "Meer"},    {"van der", "Linden"}, {"", "Kok"},           {"", "Jacobs"},
    {"de", "Haan"},         {"", "Vermeulen"},     {"van den", "Heuvel"}, {"van der", "Veen"},
    {"van den", "Broek"},   {"de", "Bruijn"},      {"de", "Bruin"},       {"van der", "Heijden"},
    {"", "Schouten"},       {"van", "Beek"},       {"", "Willems"},       {"van", "Vliet"},
    {"van de", "Ven"},      {"", "Hoekstra"},      {"", "Maas"},          {"", "Verhoeven"},
    {"", "Koster"},         {"van", "Dam"},        {"van der", "Wal"},    {"", "Prins"},
    {"", "Blom"},           {"", "Huisman"},       {"", "Peeters"},       {"de", "Leeuw"},
    {"", "Kuipers"},        {"van", "Wijk"},       {"", "Postma"},        {"", "Kuiper"},
    {"", "Veenstra"},       {"", "Kramer"},        {"van den", "Brink"},  {"", "Scholten"},
    {"van", "Wijngaarden"}, {"", "Post"},          {"", "Martens"},       {"", "Vink"},
    {"de", "Ruiter"},       {"", "Timmermans"},    {"", "Groen"},         {"", "Gerritsen"},
    {"", "Jonker"},         {"van", "Loon"},       {"", "Boer"},          {"van der", "Velde"},
    {"", "Willemsen"},      {"", "Smeets"},        {"de", "Lange"},       {"de", "Vos"},
    {"", "Bosch"},          {"van", "Dongen"},     {"", "Schipper"},      {"de", "Koning"},
    {"van der", "Laan"},    {"", "Koning"},        {"van der", "Velden"}, {"", "Driessen"},
    {"van", "Doorn"},       {"", "Hermans"},       {"", "Evers"},         {"van den", "Bosch"},
    {"van der", "Meulen"},  {"", "Hofman"},        {"", "Bosman"},        {"", "Wolters"},
    {"", "Sanders"},        {"van der", "Horst"},  {"", "Mol"},           {"", "Kuijpers"},
    {"", "Molenaar"},       {"van de", "Pol"},     {"", "Verbeek"},       {"", "Boersma"},
    {"", "Hoogendoorn"},    {"van", "Rijn"},       {"ter", "Horst"},      {"ter", "Haar"},
    {"ten", "Brink"},       {"ten", "Cate"},       {"in 't", "Veld"},     {"in 't", "Hout"},
    {"van 't", "Hof"},      {"van 't", "Zand"},    {"op den", "Kamp"},    {"uit den", "Bogaard"},
    {"van der", "Steen"},   {"van", "Es"},         {"de", "Wilde"},       {"van", "Rooij"},
    {"", "Verschuren"},     {"", "Lammers"},       {"van", "Gils"},       {"", "Wouters"},
    {"", "Bouwman"},        {"", "Hoekman"},       {"", "Brink"},         {"", "Veenhuis"},
    {"", "Zijlstra"},       {"", "Wijnands"},      {"", "Bruggeman"},     {"", "Sluiter"},
    {"de", "Ridder"},       {"van", "Zanten"},     {"", "Nijhuis"},       {"", "Oosterhuis"},
    {"", "Kamphuis"},       {"", "Hulshof"},       {"", "Mulderij"},      {"", "Tuinstra"},
    {"", "Haverkamp"},      {"", "Eijkelkamp"},    {"", "Wessels"},       {"", "Rietveld"},
    {"van", "Veen"},        {"van", "Os"},         {"", "Beekman"},       {"", "Stam"},
    {"", "Dijkman"},        {"", "Vermeer"},       {"", "Pronk"},         {"van", "Schaik"},
    {"", "Groenewegen"},    {"", "Koopman"},       {"van", "Kampen"},     {"", "Hoogland"},
    {"", "Schuurman"},      {"", "Gijsbers"},      {"", "Aydın"},         {"", "Yılmaz"},
    {"", "Öztürk"},         {"", "Kaya"},          {"", "Demir"},         {"", "El Amrani"},
    {"", "Bouzid"},         {"", "Benali"},        {"", "Ouali"},         {"", "El Idrissi"},
    {"", "Ait Taleb"},      {"", "Chaouch"},       {"", "Ramdin"},        {"", "Sewnath"},
    {"", "Baldewsingh"},    {"", "Pinas"},         {"", "Martina"},       {"", "Leito"},
    {"", "Nguyen"},         {"", "Tran"},          {"", "Wang"},          {"", "Kowalski"},
    {"", "Nowak"},          {"da", "Silva"},       {"dos", "Santos"},     {"van der", "Zee"},
    {"van", "Dalen"},       {"van den", "Akker"},  {"", "Verhagen"},      {"", "Heijnen"},
    {"", "Claassen"},       {"", "Franken"},       {"van", "Hout"},       {"", "Rutten"},
    {"", "Janssens"},       {"", "Bongers"},       {"", "Geurts"},        {"", "Hoebens"},
    {"", "Lemmens"},        {"", "Coenen"},        {"", "Vossen"},        {"", "Houben"},
    {"", "Schreurs"},       {"", "Vincken"},       {"", "Moonen"},        {"", "Ramakers"},
    {"", "Pelzer"},         {"", "Hazelhoff"},     {"", "Okkema"},        {"", "Sikkema"},
    {"", "Wiersma"},        {"", "Hiemstra"},      {"de", "Haas"},        {"", "Tjeerdsma"},
    {"", "Feenstra"},       {"van der", "Ploeg"},  {"", "Boonstra"},      {"", "Kingma"},
    {"", "Zandstra"},       {"", "Brandsma"},
};

// Street names are a stem and a suffix; stems of people are joined with a space.
constexpr std::string_view kStreetStems[] = {
    "Kerk",
    "Molen",
    "Dorps",
    "School",
    "Stations",
    "Markt",
    "Beuken",
    "Eiken",
    "Linden",
    "Berken",
    "Esdoorn",
    "Kastanje",
    "Wilgen",
    "Populieren",
    "Iepen",
    "Meidoorn",
    "Vlier",
    "Hazelaar",
    "Lijsterbes",
    "Acacia",
    "Rozen",
    "Tulpen",
    "Narcissen",
    "Lelie",
    "Zonnebloem",
    "Klaver",
    "Margrieten",
    "Viooltjes",
    "Hyacinten",
    "Merel",
    "Lijster",
    "Spreeuw",
    "Kievit",
    "Zwaluw",
    "Reiger",
    "Meeuw",
    "Ooievaar",
    "Vink",
    "Mus",
    "Havik",
    "Valk",
    "Uil",
    "Specht",
    "Koolmees",
    "Roodborst",
    "Rembrandt",
    "Vermeer",
    "Frans Hals",
    "Van Gogh",
    "Mondriaan",
    "Escher",
    "Jan Steen",
    "Vondel",
    "Bredero",
    "Hooft",
    "Huygens",
    "Multatuli",
    "Spinoza",
    "Erasmus",
    "Thorbecke",
    "Beatrix",
    "Juliana",
    "Wilhelmina",
    "Emma",
    "Oranje",
    "Nassau",
    "Willem de Zwijger",
    "Prins Hendrik",
    "Bakkers",
    "Smids",
    "Kuipers",
    "Wevers",
    "Vissers",
    "Schippers",
    "Boeren",
    "Herders",
    "Zadelmakers",
    "Molenaars",
    "Noorder",
    "Zuider",
    "Ooster",
    "Wester",
    "Nieuwe",
    "Oude",
    "Lange",
    "Korte",
    "Brede",
    "Hoge",
    "Lage",
    "Zon",
    "Maan",
    "Sterren",
    "Regenboog",
    "Zomer",
    "Lente",
    "Herfst",
    "Winter",
    "Dijk",
    "Polder",
    "Weide",
    "Akker",
    "Veld",
    "Heide",
    "Bos",
    "Duin",
    "Haven",
};

constexpr std::string_view kStreetSuffixes[] = {
    "straat", "laan",   "weg",   "plein", "singel", "hof",
    "kade",   "gracht", "dreef", "pad",   "erf",    "park",
};

constexpr std::string_view kPoNames[] = {
    "De Regenboog",   "De Klimop",    "De Wegwijzer",  "Het Kompas",     "De Zonnewijzer",
    "De Vlinder",     "De Horizon",   "Het Palet",     "De Springplank", "De Meander",
    "De Fontein",     "Het Anker",    "De Wilgenhoek", "De Notenkraker", "De Bolster",
    "De Tweemaster",  "Het Baken",    "De Ontdekking", "De Boomgaard",   "De Schakel",
    "De Zevensprong", "Het Mozaïek",  "De Toermalijn", "De Piramide",    "Op de Groene Heuvel",
    "De Vuurtoren",   "De Eendracht", "Sint Jozef",    "Sint Maarten",   "De Kameleon",
};

constexpr std::string_view kPoPrefixes[] = {
    "Basisschool",    "OBS",          "CBS", "RKBS", "Montessorischool",
    "Jenaplanschool", "Daltonschool", "IKC",
};

constexpr std::string_view kVoNames[] = {
    "Het Stedelijk College",
    "Het Erasmus College",
    "Het Christelijk Lyceum",
    "Het Vossius",
    "Het Montessori Lyceum",
    "De Nieuwe School",
    "Het Grotius College",
    "Het Spinoza Lyceum",
    "Het Comenius College",
    "Het Da Vinci College",
    "Het Oranje College",
    "Het Huygens Lyceum",
    "Scholengemeenschap De Breul",
    "Het Wellant College",
    "Het Maerlant",
    "Het Bonhoeffer College",
};

constexpr std::string_view kMboNames[] = {
    "ROC", "Vakcollege", "Techniek College", "Zorg & Welzijn College", "Groen College",
};

}  // namespace

std::span<const std::string_view> BoyNames() {
  return kBoys;
}
std::span<const std::string_view> GirlNames() {
  return kGirls;
}
std::span<const DemoSurname> Surnames() {
  return kSurnames;
}
std::span<const std::string_view> StreetStems() {
  return kStreetStems;
}
std::span<const std::string_view> StreetSuffixes() {
  return kStreetSuffixes;
}
std::span<const std::string_view> PrimarySchoolNames() {
  return kPoNames;
}
std::span<const std::string_view> PrimarySchoolPrefixes() {
  return kPoPrefixes;
}
std::span<const std::string_view> SecondarySchoolNames() {
  return kVoNames;
}
std::span<const std::string_view> VocationalSchoolNames() {
  return kMboNames;
}

}  // namespace inbeeld
