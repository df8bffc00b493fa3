"""Regenerate ``src/reportedly/nlp/resources/actors/countries.yaml`` from pycountry.

Every ISO 3166-1 country becomes a registry entry (id = alpha-3).  pycountry supplies the
codes and official names; the short names news writers use, the adjectival/demonym forms
("Israeli", "Israelis") and capital-city metonyms ("Moscow said") are written here by hand,
because no installed library carries them.  Run:

    python scripts/gen_country_actors.py > src/reportedly/nlp/resources/actors/countries.yaml
"""

from __future__ import annotations

import sys

import pycountry
import yaml

# alpha-3 -> short name used in news (when pycountry's name is not it)
SHORT = {
    "BOL": "Bolivia", "BRN": "Brunei", "CIV": "Ivory Coast", "COD": "Democratic Republic of the Congo",
    "COG": "Republic of the Congo", "CPV": "Cape Verde", "CZE": "Czech Republic", "FSM": "Micronesia",
    "GBR": "United Kingdom", "IRN": "Iran", "KOR": "South Korea", "LAO": "Laos", "MDA": "Moldova",
    "PRK": "North Korea", "PSE": "Palestine", "RUS": "Russia", "SWZ": "Eswatini", "SYR": "Syria",
    "TWN": "Taiwan", "TZA": "Tanzania", "USA": "United States", "VAT": "Vatican City", "VEN": "Venezuela",
    "VNM": "Vietnam", "TUR": "Turkey", "MKD": "North Macedonia", "BHS": "Bahamas", "GMB": "Gambia",
    "NLD": "Netherlands", "PHL": "Philippines", "ARE": "United Arab Emirates", "CAF": "Central African Republic",
    "DOM": "Dominican Republic", "COM": "Comoros", "MHL": "Marshall Islands", "SLB": "Solomon Islands",
    "SDN": "Sudan", "MMR": "Myanmar", "TLS": "East Timor", "FLK": "Falkland Islands", "SXM": "Sint Maarten",
    "VGB": "British Virgin Islands", "VIR": "US Virgin Islands", "KNA": "Saint Kitts and Nevis",
}

# alpha-3 -> extra names (alternatives, abbreviations; acronyms are matched case-sensitively)
EXTRA = {
    "USA": ["US", "U.S.", "USA", "U.S.A.", "America", "United States of America", "the United States"],
    "GBR": ["UK", "U.K.", "Britain", "Great Britain"],
    "RUS": ["Russian Federation"], "IRN": ["Islamic Republic of Iran", "Persia"],
    "PSE": ["Palestinian territories", "State of Palestine", "occupied Palestinian territories"],
    "PRK": ["DPRK", "Democratic People's Republic of Korea"], "KOR": ["Republic of Korea", "ROK"],
    "CHN": ["PRC", "People's Republic of China", "mainland China"], "TWN": ["Republic of China"],
    "ARE": ["UAE", "U.A.E.", "Emirates"], "COD": ["DRC", "DR Congo", "Congo-Kinshasa"],
    "COG": ["Congo-Brazzaville"], "CZE": ["Czechia"], "TUR": ["Türkiye", "Turkiye"], "MMR": ["Burma"],
    "CIV": ["Côte d'Ivoire", "Cote d'Ivoire"], "SWZ": ["Swaziland"], "MKD": ["Macedonia"],
    "NLD": ["Holland"], "VAT": ["Holy See", "the Vatican"], "TLS": ["Timor-Leste"], "CPV": ["Cabo Verde"],
    "SAU": ["KSA"], "BIH": ["Bosnia"], "SYR": ["Syrian Arab Republic"], "VNM": ["Viet Nam"],
    "LBY": ["Libya"], "EGY": ["Arab Republic of Egypt"], "ISR": ["State of Israel"],
}

# alpha-3 -> adjectival and demonym forms
ADJ = {
    "AFG": "Afghan Afghans Afghani", "ALB": "Albanian Albanians", "DZA": "Algerian Algerians",
    "AND": "Andorran Andorrans", "AGO": "Angolan Angolans", "ATG": "Antiguan Antiguans",
    "ARG": "Argentine Argentinian Argentines Argentinians", "ARM": "Armenian Armenians",
    "AUS": "Australian Australians", "AUT": "Austrian Austrians", "AZE": "Azerbaijani Azerbaijanis Azeri Azeris",
    "BHS": "Bahamian Bahamians", "BHR": "Bahraini Bahrainis", "BGD": "Bangladeshi Bangladeshis",
    "BRB": "Barbadian Barbadians", "BLR": "Belarusian Belarusians", "BEL": "Belgian Belgians",
    "BLZ": "Belizean Belizeans", "BEN": "Beninese", "BTN": "Bhutanese", "BOL": "Bolivian Bolivians",
    "BIH": "Bosnian Bosnians", "BWA": "Botswanan Batswana", "BRA": "Brazilian Brazilians",
    "BRN": "Bruneian Bruneians", "BGR": "Bulgarian Bulgarians", "BFA": "Burkinabe Burkinabè",
    "BDI": "Burundian Burundians", "KHM": "Cambodian Cambodians", "CMR": "Cameroonian Cameroonians",
    "CAN": "Canadian Canadians", "CPV": "Cape Verdean Cape Verdeans", "CAF": "Central African",
    "TCD": "Chadian Chadians", "CHL": "Chilean Chileans", "CHN": "Chinese", "COL": "Colombian Colombians",
    "COM": "Comorian Comorians", "COD": "Congolese", "COG": "Congolese", "CRI": "Costa Rican Costa Ricans",
    "CIV": "Ivorian Ivorians", "HRV": "Croatian Croatians Croat Croats", "CUB": "Cuban Cubans",
    "CYP": "Cypriot Cypriots", "CZE": "Czech Czechs", "DNK": "Danish Danes", "DJI": "Djiboutian Djiboutians",
    "DOM": "Dominican Dominicans", "ECU": "Ecuadorian Ecuadorians",
    "EGY": "Egyptian Egyptians", "SLV": "Salvadoran Salvadorans", "GNQ": "Equatorial Guinean",
    "ERI": "Eritrean Eritreans", "EST": "Estonian Estonians", "SWZ": "Swazi Swazis Emaswati",
    "ETH": "Ethiopian Ethiopians", "FJI": "Fijian Fijians", "FIN": "Finnish Finns", "FRA": "French",
    "GAB": "Gabonese", "GMB": "Gambian Gambians", "GEO": "Georgian Georgians", "DEU": "German Germans",
    "GHA": "Ghanaian Ghanaians", "GRC": "Greek Greeks", "GRD": "Grenadian Grenadians",
    "GTM": "Guatemalan Guatemalans", "GIN": "Guinean Guineans", "GNB": "Bissau-Guinean",
    "GUY": "Guyanese", "HTI": "Haitian Haitians", "HND": "Honduran Hondurans", "HUN": "Hungarian Hungarians",
    "ISL": "Icelandic Icelanders", "IND": "Indian Indians", "IDN": "Indonesian Indonesians",
    "IRN": "Iranian Iranians Persian", "IRQ": "Iraqi Iraqis", "IRL": "Irish", "ISR": "Israeli Israelis",
    "ITA": "Italian Italians", "JAM": "Jamaican Jamaicans", "JPN": "Japanese", "JOR": "Jordanian Jordanians",
    "KAZ": "Kazakh Kazakhs Kazakhstani", "KEN": "Kenyan Kenyans", "KIR": "I-Kiribati",
    "PRK": "North Korean North Koreans", "KOR": "South Korean South Koreans", "KWT": "Kuwaiti Kuwaitis",
    "KGZ": "Kyrgyz Kyrgyzstani", "LAO": "Lao Laotian Laotians", "LVA": "Latvian Latvians",
    "LBN": "Lebanese", "LSO": "Basotho Mosotho", "LBR": "Liberian Liberians", "LBY": "Libyan Libyans",
    "LIE": "Liechtensteiner", "LTU": "Lithuanian Lithuanians", "LUX": "Luxembourgish Luxembourger",
    "MDG": "Malagasy", "MWI": "Malawian Malawians", "MYS": "Malaysian Malaysians", "MDV": "Maldivian Maldivians",
    "MLI": "Malian Malians", "MLT": "Maltese", "MHL": "Marshallese", "MRT": "Mauritanian Mauritanians",
    "MUS": "Mauritian Mauritians", "MEX": "Mexican Mexicans", "FSM": "Micronesian", "MDA": "Moldovan Moldovans",
    "MCO": "Monegasque", "MNG": "Mongolian Mongolians", "MNE": "Montenegrin Montenegrins",
    "MAR": "Moroccan Moroccans", "MOZ": "Mozambican Mozambicans", "MMR": "Burmese Myanmar",
    "NAM": "Namibian Namibians", "NRU": "Nauruan", "NPL": "Nepali Nepalese", "NLD": "Dutch",
    "NZL": "New Zealand New Zealanders", "NIC": "Nicaraguan Nicaraguans", "NER": "Nigerien Nigeriens",
    "NGA": "Nigerian Nigerians", "MKD": "Macedonian Macedonians", "NOR": "Norwegian Norwegians",
    "OMN": "Omani Omanis", "PAK": "Pakistani Pakistanis", "PLW": "Palauan", "PSE": "Palestinian Palestinians",
    "PAN": "Panamanian Panamanians", "PNG": "Papua New Guinean", "PRY": "Paraguayan Paraguayans",
    "PER": "Peruvian Peruvians", "PHL": "Philippine Filipino Filipinos", "POL": "Polish Poles",
    "PRT": "Portuguese", "QAT": "Qatari Qataris", "ROU": "Romanian Romanians", "RUS": "Russian Russians",
    "RWA": "Rwandan Rwandans", "KNA": "Kittitian", "LCA": "Saint Lucian", "VCT": "Vincentian",
    "WSM": "Samoan Samoans", "SMR": "Sammarinese", "STP": "Santomean", "SAU": "Saudi Saudis Saudi Arabian",
    "SEN": "Senegalese", "SRB": "Serbian Serbians Serb Serbs", "SYC": "Seychellois",
    "SLE": "Sierra Leonean Sierra Leoneans", "SGP": "Singaporean Singaporeans", "SVK": "Slovak Slovaks",
    "SVN": "Slovenian Slovenians Slovene", "SLB": "Solomon Islander", "SOM": "Somali Somalis",
    "ZAF": "South African South Africans", "SSD": "South Sudanese", "ESP": "Spanish Spaniards",
    "LKA": "Sri Lankan Sri Lankans", "SDN": "Sudanese", "SUR": "Surinamese", "SWE": "Swedish Swedes",
    "CHE": "Swiss", "SYR": "Syrian Syrians", "TWN": "Taiwanese", "TJK": "Tajik Tajiks",
    "TZA": "Tanzanian Tanzanians", "THA": "Thai", "TLS": "Timorese", "TGO": "Togolese", "TON": "Tongan Tongans",
    "TTO": "Trinidadian Trinidadians", "TUN": "Tunisian Tunisians", "TUR": "Turkish Turks",
    "TKM": "Turkmen", "TUV": "Tuvaluan", "UGA": "Ugandan Ugandans", "UKR": "Ukrainian Ukrainians",
    "ARE": "Emirati Emiratis", "GBR": "British Britons UK", "USA": "American Americans US U.S.",
    "URY": "Uruguayan Uruguayans", "UZB": "Uzbek Uzbeks", "VUT": "Ni-Vanuatu", "VAT": "Vatican",
    "VEN": "Venezuelan Venezuelans", "VNM": "Vietnamese", "YEM": "Yemeni Yemenis", "ZMB": "Zambian Zambians",
    "ZWE": "Zimbabwean Zimbabweans", "GRL": "Greenlandic Greenlanders", "PRI": "Puerto Rican Puerto Ricans",
    "HKG": "Hong Konger Hong Kongers", "XKX": "Kosovar Kosovars",
}
# multi-word forms above ("New Zealand", "South Korean") are joined below by position
_MULTI = {"New Zealand", "North Korean", "North Koreans", "South Korean", "South Koreans", "South African",
          "South Africans", "Sierra Leonean", "Sierra Leoneans", "Costa Rican", "Costa Ricans",
          "Sri Lankan", "Sri Lankans", "South Sudanese", "Cape Verdean", "Cape Verdeans",
          "Central African", "Equatorial Guinean", "Papua New Guinean", "Saint Lucian", "Solomon Islander",
          "Saudi Arabian", "New Zealanders", "Puerto Rican", "Puerto Ricans", "Hong Konger", "Hong Kongers"}

# capital (or seat of government) used for the government in news ("Moscow said"); | separates forms
CAPITAL = {
    "USA": "Washington", "RUS": "Moscow", "UKR": "Kyiv|Kiev", "CHN": "Beijing", "IRN": "Tehran",
    "EGY": "Cairo", "QAT": "Doha", "TUR": "Ankara", "SAU": "Riyadh", "SYR": "Damascus", "LBN": "Beirut",
    "JOR": "Amman", "GBR": "London", "FRA": "Paris", "DEU": "Berlin", "JPN": "Tokyo", "KOR": "Seoul",
    "PRK": "Pyongyang", "IND": "New Delhi", "PAK": "Islamabad", "AFG": "Kabul", "IRQ": "Baghdad",
    "ARE": "Abu Dhabi", "TWN": "Taipei", "BLR": "Minsk", "POL": "Warsaw", "ITA": "Rome", "ESP": "Madrid",
    "CAN": "Ottawa", "AUS": "Canberra", "BRA": "Brasília|Brasilia", "VEN": "Caracas", "CUB": "Havana",
    "YEM": "Sanaa", "ETH": "Addis Ababa", "SDN": "Khartoum", "LBY": "Tripoli", "DZA": "Algiers",
    "MAR": "Rabat", "KEN": "Nairobi", "NGA": "Abuja", "ZAF": "Pretoria", "OMN": "Muscat", "KWT": "Kuwait City",
    "HUN": "Budapest", "SRB": "Belgrade", "ARM": "Yerevan", "AZE": "Baku", "GEO": "Tbilisi",
    "KAZ": "Astana", "IDN": "Jakarta", "PHL": "Manila", "VNM": "Hanoi", "THA": "Bangkok", "MEX": "Mexico City",
    "ARG": "Buenos Aires", "COL": "Bogotá|Bogota",
}


def _forms(text: str) -> list[str]:
    """Split a space-separated forms string, keeping the multi-word forms whole."""
    out: list[str] = []
    rest = text
    for multi in sorted(_MULTI, key=len, reverse=True):
        if multi in rest:
            out.append(multi)
            rest = rest.replace(multi, " ")
    out.extend(rest.split())
    return out


def entries() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    countries = list(pycountry.countries)
    for c in sorted(countries, key=lambda c: c.alpha_3):
        a3 = c.alpha_3
        name = SHORT.get(a3) or getattr(c, "common_name", None) or c.name
        aliases = [c.name, getattr(c, "official_name", None), getattr(c, "common_name", None), *EXTRA.get(a3, [])]
        seen = {name}
        clean = []
        for alias in aliases:
            if alias and alias not in seen:
                seen.add(alias)
                clean.append(alias)
        row: dict[str, object] = {"id": a3, "name": name, "type": "state", "country": a3, "alpha2": c.alpha_2}
        if clean:
            row["aliases"] = clean
        if a3 in ADJ:
            row["adjectives"] = _forms(ADJ[a3])
        if a3 in CAPITAL:
            row["capitals"] = CAPITAL[a3].split("|")
        rows.append(row)
    return rows


def main() -> None:
    sys.stdout.write("# Generated by scripts/gen_country_actors.py from pycountry "
                     f"{pycountry.__version__ if hasattr(pycountry, '__version__') else ''}; do not edit by hand.\n")
    yaml.safe_dump({"actors": entries()}, sys.stdout, allow_unicode=True, sort_keys=False, width=110)


if __name__ == "__main__":
    main()
