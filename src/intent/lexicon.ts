import type { CampaignGoal } from '../contracts/goals.ts';
import type { TriggerId } from '../contracts/triggers.ts';

/**
 * Cue phrases of each trigger and goal, matched on normalised text. They serve three purposes:
 * concept features for the classifier (so a new sentence that shares only a cue with the corpus
 * still lands on the right class), the targets of negation ("no coupons" -> exclude discount),
 * and the audit trail of why a class was chosen. Written from the trigger catalogue (DESIGN.md §1)
 * and marketing usage, not from any test set.
 */
export const TRIGGER_CUES: Record<TriggerId, RegExp> = {
  discount:
    /\b(?:discount(?![- ]sensitiv)\w*|\d+ ?(?:%|percent|pct) (?:off|discount|markdown|reduction)|(?:\$|€|£|gbp ?|eur ?|usd ?|cad ?)\d+ off|\d+ (?:dollars|euros|pounds|bucks|quid) off|(?:tenner|fiver) off|percent[- ]off|money off|(?:promo|coupon|discount|voucher) codes?|coupons?|vouchers?|bogo|buy 1,? get 1|2[- ]for[- ]1|price (?:cut|drop|reduction)s?|mark ?downs?|markdown\w*|rebates?|reduced prices?|sale prices?|percent off|% off|off (?:their|your|the) (?:next |first )?(?:order|purchase|basket)|cheaper|deals?|savings?|save \d+|half[- ]price|clearance)\b/,
  free_shipping:
    /\b(?:free (?:standard |expedited |express |next[- ]day |2[- ]day |same[- ]day |overnight |priority |fast |faster )?(?:shipping|delivery|postage)|(?:shipping|delivery|postage) (?:is |will be )?(?:on us|on the house|free|for free|waived|included)|waive\w* (?:the |their )?(?:shipping|delivery)|(?:no|zero|\$0) (?:shipping|delivery|postage)(?: fees?| costs?| charges?)?|ship(?:s|ping)? (?:it )?(?:for )?free|complimentary (?:shipping|delivery|express)|free upgrade to express|express (?:shipping|delivery) (?:at no cost|for free|free)|cover (?:the )?(?:shipping|delivery)|shipping fees? (?:removed|waived)|free ship\w*)\b/,
  loyalty_reward:
    /\b(?:(?:bonus|double|triple|extra|2x|3x|loyalty|reward) points?|points? (?:bonus|multiplier|boost)|earn (?:\w+ )?points|cash ?back|store credit|gift with (?:a |any |every )?purchase|free gifts?|(?:a |an )?(?:bonus|complimentary|little|surprise) gifts?|gift card|reward\w*|loyalty (?:bonus|perk|credit)s?|credits? (?:on|to) (?:their|your) account|stamps?|perks?)\b/,
  scarcity_message:
    /\b(?:low (?:stock|inventory)|(?:stock|inventory|supply|supplies) (?:is |are )?(?:running |getting )?(?:low|short|limited|scarce|dwindling|running out)|limited[- ](?:stock|quantit\w+|supply|supplies|edition\w*|run|release|batch|numbers|availability|drop|pieces?)|only \d+ (?:left|remaining|in stock|pieces?|units?|pairs?|items?)|\d+ (?:left|remaining) in stock|(?:almost|nearly) (?:gone|sold out|out)|sell(?:ing)? out|sold out|run(?:ning)? out|numbered|scarc\w+|few (?:units|pieces|items|pairs|left|remain\w*)|(?:a )?handful (?:left|remain\w*|in stock)|last (?:few )?(?:units|pieces|pairs|items)|while (?:stocks?|supplies) last|won'?t (?:be )?restock\w*|not (?:being )?restock\w*|never restock\w*|small[- ]batch|rare|(?:one|1)[- ]of[- ]a[- ]kind|going fast|selling (?:out )?fast|sold[- ]out risk|in short supply|not many left|stock levels?|collectors?)\b/,
  urgency_message:
    /\b(?:urgen\w+|countdowns?|count down|last chance|last call|final (?:hours?|call|days?|chance)|ends? (?:tonight|today|tomorrow|soon|at midnight|sunday|monday|friday|this \w+|in \d+ \w+)|ending soon|deadline|hurry|time[- ](?:limited|sensitive|bound)|limited[- ]time|\d+[- ]hours? (?:only|window|sale|deal|flash)|(?:only|just) (?:for )?(?:today|tonight|this weekend|\d+ hours?)|today only|tonight only|expir\w+|price (?:goes|will go|is going) up|prices? (?:rise|rising|increase|going up|goes up|will rise|will increase)|before (?:the )?(?:price|prices) (?:rise|go up|increase)|flash sale|act (?:now|fast)|clock(?:'s| is) ticking|tick(?:ing)? clock|before (?:it'?s|its) too late|now or never|(?:offer|sale|deal) (?:ends|closes|expires)|don'?t miss out|fomo|timer|midnight|24h|48h)\b/,
  exclusivity_offer:
    /\b(?:exclusiv\w+|early access|early[- ]bird access|vip\w*|members?[- ]only|(?:private|secret|invite[- ]only|invitation[- ]only|insider) (?:sale|pre-?sale|event|access|preview|shopping)|pre-?sale|presale|invite[- ]only|invitation[- ]only|by invitation|first dibs|first access|first look|before (?:anyone|everyone|the public|the general public|it goes public|others)|ahead of (?:everyone|the public|launch|the crowd)|insiders?|inner circle|sneak (?:peek|preview)|private (?:access|link|collection)|hand[- ]selected few|select few|not available to the public|reserved for)\b/,
  social_proof:
    /\b(?:best ?sell\w*|best[- ]sell\w*|top[- ]sell\w*|trending|popular|most[- ](?:loved|popular|wanted|bought|purchased|reviewed)|top[- ]rated|highly[- ]rated|\d(?:\.\d)?[- ]stars?|star ratings?|ratings?|reviews?|testimonials?|customer (?:favou?rites?|love)|fan[- ]favou?rites?|crowd[- ]favou?rites?|(?:\d[\d,]*|thousands of|hundreds of|many) (?:people|customers|shoppers|buyers|others) (?:have )?(?:bought|purchased|love|loved|ordered|rated|chose|are buying)|what (?:everyone|others|other shoppers|people) (?:is|are) (?:buying|loving|wearing)|others (?:are )?(?:buying|bought)|social proof|word of mouth|ugc|user[- ]generated|influencer\w*|as seen on|everyone(?:'s| is) (?:buying|talking)|hot right now|cult (?:favou?rite|classic)|raving|rave reviews|loved by|popular demand|voted|award[- ]winning|most[- ]wishlisted|community favou?rites?|happy customers|(?:have|has) (?:it|this) in (?:their|the) carts?|sold \d[\d,]* |verified (?:buyers|reviews)|people are (?:viewing|looking at|buying)|customers like (?:them|you)|trusted by|\d[\d,]*\+? sold|featured in|as seen in)\b/,
  content_storytelling:
    /\b(?:guides?|stor(?:y|ies)|storytelling|lookbooks?|how-tos?|how to (?:use|style|wear|care for|make|cook|choose|get the most)|tutorials?|styling (?:tips|ideas|advice)|tips|blog\w*|articles?|behind[- ]the[- ]scenes|editorials?|inspiration|inspo|recipes?|videos?|care (?:tips|instructions)|educational|educate|explainers?|journal|magazine|brand (?:story|history)|craftsmanship|makers?|origins?|content|newsletter|ideas|advice|learn|masterclass|webinars?|podcasts?|walkthroughs?|founder'?s (?:note|letter|story)|letters?|digest|round-?ups?|spotlights?|interviews?|zine|meet the (?:maker|makers|team|founder|designer)s?|trend reports?|design process)\b/,
  personalized_recommendation:
    /\b(?:recommend\w*|recs?|personali[sz]\w*|shop[- ]the[- ]look|complete (?:the|their|your) (?:look|set|outfit)|picked (?:just )?for (?:you|them)|hand[- ]?picked|curated (?:for|picks)|you (?:might|may) (?:also )?like|based on (?:their |your )?(?:browsing|purchase|past|previous|order|recent)|next[- ]best|cross[- ]sell\w*|pair(?:s|ed)? (?:it |them |well )?with|goes? (?:well )?with|match(?:ing)? (?:items|pieces|products)|frequently bought together|bought together|tailored|similar (?:items|products|styles)|suggest\w*|accessor(?:y|ies) (?:for|to match)|for (?:you|them) picks|made for (?:you|them)|individual\w*|1:1|(?:one|1)[- ]to[- ](?:one|1)|product picks|algorithm\w*|style profile|curated edit|for[- ]you|based on (?:their|your) (?:taste|style|history|size)|what to buy next|they (?:would|might|will|may) (?:love|like)|go(?:es)? with what they|likely to love|restock (?:their|your) usual|replenish\w*|their usual|in their size|favou?rite category|pairs? well)\b/,
  cart_reminder:
    /\b(?:remind\w*|nudg\w+|(?:still|sitting|waiting) in (?:their|your|the) (?:cart|basket|bag)|come back (?:to|and finish)|(?:forgot|forgotten|left) (?:something|items?|it|them)|cart reminders?|abandon(?:ed)? cart (?:email|message|sms|push|flow|series)|ping|follow[- ]?up|check[- ]?in|(?:finish|complete) (?:their|your|the) (?:checkout|purchase|order)|heads[- ]up|still thinking|still interested|(?:cart|basket|bag) is (?:still )?waiting|(?:cart|basket|bag)[- ]is[- ]waiting|saved (?:cart|basket))\b/,
};

export const GOAL_CUES: Record<CampaignGoal, RegExp> = {
  conversion:
    /\b(?:convert\w*|conversions?|sales|purchases?|first (?:order|purchase)|browsers? (?:in)?to buyers|buy|orders?|revenue|close the sale|sign[- ]ups?|checkout rate)\b/,
  cart_recovery:
    /\b(?:abandon\w*|carts?|baskets?|checkout drop[- ]?offs?|incomplete (?:checkout|order)s?|recover\w*|left (?:items?|products?) (?:in|behind))\b/,
  win_back:
    /\b(?:win[- ]?(?:them )?back|winback|lapsed|inactive|dormant|churned|haven'?t (?:bought|purchased|ordered|shopped|been back)|reactivat\w+|re-?engag\w+|bring (?:them |back)|come back|lost customers|no purchases?|not (?:bought|purchased|ordered)|since their last|gone quiet|former customers|(?:one|1)[- ]time buyers)\b/,
  retention:
    /\b(?:retain\w*|retention|churn\w*|at[- ]risk|keep\w*|stay\w*|prevent\w*|hold on to|renew\w*|subscription|second (?:purchase|order)|2nd (?:purchase|order)|first[- ]to[- ]second|coming back|on track|(?:a |their )?(?:second|third|next) order|drifting|repeat (?:purchase|order)s?(?: rate)?)\b/,
  aov_increase:
    /\b(?:average order value|aov|basket (?:size|value)|order (?:size|value)|cart (?:size|value)|spend more|bigger (?:baskets|orders|carts)|upsell\w*|up-?sell\w*|larger orders|per order|add (?:1|another) (?:more )?item|trade up|premium version|bundle\w*|threshold|minimum spend|spend over)\b/,
  cross_sell:
    /\b(?:cross[- ]sell\w*|another category|new categor\w+|other categor\w+|complementary|accessor\w+|expand\w* (?:into|their)|across categories|cross[- ]category|other categories|into (?:a |their )?(?:second|another|new) category|haven'?t (?:tried|bought from)|never bought from|adjacent|second category|companion|(?:pick up|add|try|grab) (?:a |an |some |our |the )?(?:[a-z-]+ ){0,2}(?:too|as well)|branch\w* (?:them )?out|round(?:ing)? out their|beyond (?:their|the) (?:first|usual|main) (?:category|purchase)|first (?:purchase|order) in (?:a |another |the )|attach rate)\b/,
  engagement:
    /\b(?:engag\w+|open rates?|opens|click\w*|ctr|read\w*|traffic|sessions?|visits?|interact\w*|awareness|attention|follow\w*|views?|watch\w*|time on site|app usage)\b/,
  loyalty:
    /\b(?:loyal\w*|repeat (?:buyer|customer)s?|purchase frequency|frequen\w+|members?hip|advocat\w+|relationship|tier\w*|vips?|best customers|top customers|program|lifetime|regulars|anniversary|thank[- ]you|appreciation|big spenders|top spenders)\b/,
  product_launch:
    /\b(?:launch\w*|new (?:collection|arrivals?|products?|line|range|release|drop|season|model|flavou?r|edition)|drop|debut\w*|releas\w+|pre-?order\w*|introduc\w+|unveil\w*|just landed|coming soon|brand[- ]new|premiere|preview|capsule|(?:new|resort|spring|summer|autumn|fall|winter|holiday|aw\d\d|ss\d\d) (?:collection|line|range|season)|goes (?:live|public))\b/,
};

/** Words that open a negation scope over the following trigger mention. */
export const NEGATION_OPENERS =
  /\b(?:without(?: (?:any|a|an|the|offering|giving|using|sending|mentioning|resorting to))?|no|not(?: (?:a|an|any|use|using|offer|offering|give|giving|include|including|with))?|don'?t (?:use|offer|give|send|include|mention|want|do|promise|push|add|bother with|throw in|lead with)(?: (?:any|a|an))?|do not (?:use|offer|give|send|include|mention|want|promise|push|add|throw in|lead with)(?: (?:any|a|an))?|never(?: (?:use|offer))?|avoid(?:ing)?(?: (?:any|a|the))?|exclud(?:e|ing)|except|skip(?:ping)?(?: the)?|rather than(?: (?:a|an|any))?|instead of(?: (?:a|an|any))?|but not|nothing like|zero|forbid\w*|hold off on|stay away from|leave out|minus|steer clear of|not via|not through|no more)\b/;
