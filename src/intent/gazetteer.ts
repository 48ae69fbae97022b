/**
 * Names the criteria extractor recognises: countries (to the spelling the data uses), product
 * categories and tags (to lower snake-case slugs), acquisition sources. An unknown noun is not
 * an error: it simply yields no `where` on the event.
 */
export const COUNTRIES: Array<[RegExp, string]> = [
  [/\b(?:usa|u\.s\.a?\.?|us|united states|america|american)\b/, 'USA'],
  [/\b(?:canada|canadian)s?\b/, 'Canada'],
  [/\b(?:uk|u\.k\.|united kingdom|britain|great britain|british|england|english)\b/, 'UK'],
  [/\b(?:germany|german)s?\b/, 'Germany'],
  [/\b(?:france|french)\b/, 'France'],
  [/\b(?:spain|spanish)\b/, 'Spain'],
  [/\b(?:italy|italian)s?\b/, 'Italy'],
  [/\b(?:netherlands|holland|dutch)\b/, 'Netherlands'],
  [/\b(?:australia|australian)s?\b/, 'Australia'],
  [/\b(?:new zealand|kiwis)\b/, 'New Zealand'],
  [/\b(?:ireland|irish)\b/, 'Ireland'],
  [/\b(?:mexico|mexican)s?\b/, 'Mexico'],
  [/\b(?:brazil|brazilian)s?\b/, 'Brazil'],
  [/\b(?:japan|japanese)\b/, 'Japan'],
  [/\b(?:india|indian)s?\b/, 'India'],
  [/\b(?:sweden|swedish)\b/, 'Sweden'],
  [/\b(?:norway|norwegian)s?\b/, 'Norway'],
  [/\b(?:denmark|danish)\b/, 'Denmark'],
  [/\b(?:belgium|belgian)s?\b/, 'Belgium'],
  [/\b(?:switzerland|swiss)\b/, 'Switzerland'],
  [/\b(?:austria|austrian)s?\b/, 'Austria'],
  [/\b(?:poland|polish)\b/, 'Poland'],
  [/\b(?:portugal|portuguese)\b/, 'Portugal'],
  [/\b(?:singapore)\b/, 'Singapore'],
];

export const CITIES: Array<[RegExp, string]> = [
  [/\blondon\b/, 'London'],
  [/\bparis\b/, 'Paris'],
  [/\bnew york(?: city)?\b|\bnyc\b/, 'New York'],
  [/\btoronto\b/, 'Toronto'],
  [/\bberlin\b/, 'Berlin'],
  [/\bsydney\b/, 'Sydney'],
  [/\bchicago\b/, 'Chicago'],
  [/\blos angeles\b|\bla\b(?= (?:area|customers|shoppers))/, 'Los Angeles'],
  [/\bsan francisco\b/, 'San Francisco'],
  [/\bvancouver\b/, 'Vancouver'],
  [/\bmontreal\b/, 'Montreal'],
  [/\bmanchester\b/, 'Manchester'],
  [/\bmadrid\b/, 'Madrid'],
  [/\bamsterdam\b/, 'Amsterdam'],
  [/\bmelbourne\b/, 'Melbourne'],
  [/\bseattle\b/, 'Seattle'],
  [/\bboston\b/, 'Boston'],
  [/\bmiami\b/, 'Miami'],
  [/\bmunich\b/, 'Munich'],
  [/\bhamburg\b/, 'Hamburg'],
  [/\bdublin\b/, 'Dublin'],
  [/\brome\b/, 'Rome'],
  [/\bmilan\b/, 'Milan'],
  [/\bbarcelona\b/, 'Barcelona'],
  [/\blyon\b/, 'Lyon'],
  [/\bbrussels\b/, 'Brussels'],
  [/\bvienna\b/, 'Vienna'],
  [/\bzurich\b/, 'Zurich'],
  [/\bstockholm\b/, 'Stockholm'],
  [/\bcopenhagen\b/, 'Copenhagen'],
  [/\boslo\b/, 'Oslo'],
  [/\blisbon\b/, 'Lisbon'],
  [/\bauckland\b/, 'Auckland'],
  [/\bbrisbane\b/, 'Brisbane'],
  [/\bedinburgh\b/, 'Edinburgh'],
  [/\bglasgow\b/, 'Glasgow'],
  [/\bbirmingham\b/, 'Birmingham'],
  [/\bbristol\b/, 'Bristol'],
  [/\bliverpool\b/, 'Liverpool'],
  [/\bleeds\b/, 'Leeds'],
  [/\bottawa\b/, 'Ottawa'],
  [/\bcalgary\b/, 'Calgary'],
  [/\baustin\b/, 'Austin'],
  [/\bdenver\b/, 'Denver'],
  [/\batlanta\b/, 'Atlanta'],
  [/\bdallas\b/, 'Dallas'],
  [/\bhouston\b/, 'Houston'],
  [/\bphiladelphia\b/, 'Philadelphia'],
];

export const CATEGORIES: Array<[RegExp, string]> = [
  [/\brunning (?:shoes?|sneakers?|trainers?)\b/, 'running_shoes'],
  [/\b(?:sneakers?|trainers|kicks)\b/, 'sneakers'],
  [/\bboots?\b/, 'boots'],
  [/\bsandals?\b/, 'sandals'],
  [/\b(?:shoes?|footwear)\b/, 'shoes'],
  [/\bdress(?:es)?\b/, 'dresses'],
  [/\bjackets?\b/, 'jackets'],
  [/\bcoats?\b|\bouterwear\b/, 'outerwear'],
  [/\bjeans\b/, 'jeans'],
  [/\bdenim\b/, 'denim'],
  [/\bt-?shirts?|tees\b/, 't_shirts'],
  [/\b(?:sweaters?|knitwear|jumpers?|cardigans?)\b/, 'knitwear'],
  [/\bhoodies?\b/, 'hoodies'],
  [/\b(?:activewear|athleisure|sportswear|gym wear|workout (?:gear|clothes))\b/, 'activewear'],
  [/\bswim ?wear|swimsuits?|bikinis?\b/, 'swimwear'],
  [/\blingerie\b/, 'lingerie'],
  [/\b(?:handbags?|purses?)\b/, 'handbags'],
  [/\bbackpacks?\b/, 'backpacks'],
  [/\bbags?\b/, 'bags'],
  [/\bwallets?\b/, 'wallets'],
  [/\bjewel(?:le)?ry|necklaces?|earrings?|bracelets?|rings\b/, 'jewelry'],
  [/\bwatch(?:es)?\b(?! (?:our|the|a|video))/, 'watches'],
  [/\bsunglasses|eyewear\b/, 'eyewear'],
  [/\bhats?|caps\b/, 'hats'],
  [/\baccessor(?:y|ies)\b/, 'accessories'],
  [/\bskin ?care|serums?|moisturi[sz]ers?\b/, 'skincare'],
  [/\bmake-?up|cosmetics|lipsticks?\b/, 'makeup'],
  [/\bhair ?care|shampoos?\b/, 'haircare'],
  [/\bbeauty\b/, 'beauty'],
  [/\b(?:fragrances?|perfumes?|colognes?)\b/, 'fragrance'],
  [/\bheadphones|earbuds\b/, 'headphones'],
  [/\blaptops?\b/, 'laptops'],
  [/\b(?:smart ?phones?|phones?)\b/, 'phones'],
  [/\bcameras?\b/, 'cameras'],
  [/\bgaming|video games|consoles?\b/, 'gaming'],
  [/\belectronics|gadgets\b/, 'electronics'],
  [/\bhome ?decor|homeware|home goods\b/, 'home_decor'],
  [/\bfurniture|sofas?|chairs?\b/, 'furniture'],
  [/\bbedding|sheets|pillows?\b/, 'bedding'],
  [/\bcookware|kitchenware|kitchen\b/, 'kitchen'],
  [/\bcandles?\b/, 'candles'],
  [/\bplants?\b/, 'plants'],
  [/\btoys?\b/, 'toys'],
  [/\bbaby\b/, 'baby'],
  [/\bkids(?:wear)?|children'?s\b/, 'kids'],
  [/\bbooks?\b/, 'books'],
  [/\b(?:outdoor|camping|hiking) (?:gear|equipment)|\bcamping\b|\bhiking\b|\boutdoor\b/, 'outdoor'],
  [/\byoga (?:mats?|gear)?|\byoga\b/, 'yoga'],
  [/\bfitness|gym equipment\b/, 'fitness'],
  [/\bbikes?|bicycles?|cycling\b/, 'cycling'],
  [/\bpet (?:food|supplies|products)|\bpets?\b|dog food|cat food\b/, 'pet'],
  [/\bcoffee\b/, 'coffee'],
  [/\btea\b/, 'tea'],
  [/\bwines?\b/, 'wine'],
  [/\bsnacks?\b/, 'snacks'],
  [/\bsupplements?|vitamins?|protein\b/, 'supplements'],
  [/\bstationery|notebooks?\b/, 'stationery'],
  [/\bmenswear\b/, 'menswear'],
  [/\bwomenswear\b/, 'womenswear'],
  [/\bgarden(?:ing)?\b/, 'garden'],
  [/\bsocks\b/, 'socks'],
  // Garment and accessory nouns of a fashion shop, each to its own lower-case plural (the label
  // convention of both independent writers: "dresses", "sneakers"); without them a brief's
  // "skirts" was spelt into "shirts" and "scarves" read as scarcity.
  [/\b(?:skirt|skirts)\b/, 'skirts'],
  [/\b(?:shirt|shirts|button-downs?)\b/, 'shirts'],
  [/\b(?:blouse|blouses)\b/, 'blouses'],
  [/\b(?:tops)\b/, 'tops'],
  [/\b(?:bottoms)\b/, 'bottoms'],
  [/\b(?:trouser|trousers|chinos)\b/, 'trousers'],
  [/\b(?:pants)\b/, 'pants'],
  [/\b(?:shorts)\b/, 'shorts'],
  [/\b(?:legging|leggings)\b/, 'leggings'],
  [/\b(?:scarf|scarfs|scarves)\b/, 'scarves'],
  [/\b(?:belt|belts)\b/, 'belts'],
  [/\b(?:glove|gloves)\b/, 'gloves'],
  [/\b(?:blazer|blazers)\b/, 'blazers'],
  [/\b(?:suit|suits)\b(?! (?:them|you|their|your|everyone|all)\b)/, 'suits'],
  [/\b(?:loungewear)\b/, 'loungewear'],
  [/\b(?:sleepwear|pyjamas|pajamas|nightwear)\b/, 'sleepwear'],
  [/\b(?:underwear|bras?|boxers)\b/, 'underwear'],
  [/\b(?:beanie|beanies)\b/, 'hats'],
  [/\b(?:basics)\b/, 'basics'],
];

export const TAGS: Array<[RegExp, string]> = [
  [/\blimited[-_ ]editions?\b/, 'limited_edition'],
  [/\b(?:new[_ ]arrivals?|new[- ]in|new season|new collection)\b/, 'new_arrival'],
  [/\b(?:sale|clearance|discounted|marked[- ]down) (?:items?|products?|section|rack)\b/, 'sale'],
  [/\bbest ?sell(?:ers?|ing)\b/, 'bestseller'],
  [/\b(?:sustainable|eco[- ]friendly|organic|recycled)\b/, 'sustainable'],
  [/\b(?:premium|luxury)\b/, 'premium'],
  [/\bvegan\b/, 'vegan'],
  [/\b(?:holiday|christmas|gift) (?:collection|range|items|guide)\b/, 'holiday'],
  [/\b(?:summer|winter|spring|autumn|fall) collection\b/, 'seasonal'],
];

export const ACQUISITION_SOURCES: Array<[RegExp, string]> = [
  [/\binstagram|\binsta\b|\big\b/, 'instagram'],
  [/\btik ?tok\b/, 'tiktok'],
  [/\bfacebook|\bfb\b|\bmeta ads\b/, 'facebook'],
  [/\bgoogle|paid search|\bsem\b|search ads\b/, 'google'],
  [/\breferr(?:al|als|ed)\b|refer-a-friend/, 'referral'],
  [/\bpinterest\b/, 'pinterest'],
  [/\byoutube\b/, 'youtube'],
  [/\baffiliates?\b/, 'affiliate'],
  [/\borganic\b/, 'organic'],
  [/\bpodcasts?\b/, 'podcast'],
];

/** Values named in `text`, in order of mention; an earlier table row wins ("running shoes" is not also "shoes"). */
export function lookup(table: Array<[RegExp, string]>, text: string): string[] {
  const hits: Array<{ at: number; value: string }> = [];
  let rest = text;
  for (const [re, value] of table) {
    const m = re.exec(rest);
    if (!m) continue;
    rest = rest.slice(0, m.index) + ' '.repeat(m[0].length) + rest.slice(m.index + m[0].length);
    if (!hits.some((h) => h.value === value)) hits.push({ at: m.index, value });
  }
  hits.sort((a, b) => a.at - b.at);
  return hits.map((h) => h.value);
}

/** A quoted product or collection name as a tag slug: 'Limited Edition' -> limited_edition. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60);
}
