"""The demo blog's posts: twelve articles from a small home-brewing blog.

Plain data only. Post bodies are stored as WordPress stores ``post_content`` after the
block editor: HTML paragraphs, headings and lists. ``{site}`` stands for the home URL
(no trailing slash) and is filled in when a page is rendered, because the demo is
served on a port chosen at run time.
"""

from __future__ import annotations

# (id, slug, title, published (UTC), category slugs, excerpt, content)
POSTS_DATA: tuple[tuple[int, str, str, str, tuple[str, ...], str, str], ...] = (
    (14, "brew-in-a-bag-my-first-all-grain-day", "Brew in a bag: my first all-grain brew day",
     "2024-01-13 10:05", ("techniques", "beginners"),
     "After three years of kits and extract I finally went all-grain, with one pot, one bag and a borrowed thermometer.",
     """<p>After three years of kits and extract brewing I finally went all-grain this weekend, and I did it the cheapest way I know: brew in a bag. One 33-litre stockpot, one fine voile bag from the haberdashery on the high street, and a thermometer I borrowed from the kitchen and have not given back.</p>
<h2>The setup</h2>
<p>BIAB is simple: instead of a separate mash tun you mash in the same pot you boil in, with the grain held in a big mesh bag. When the mash is done you lift the bag out, let it drain, and bring the sweet wort straight to the boil. No sparging, no second vessel, no hot liquor tank.</p>
<ul>
<li>Stockpot with a 2.5 kW element fitted through the wall (bought second-hand)</li>
<li>Voile bag sewn into a cylinder that fits the pot snugly</li>
<li>A pulley hooked to the shed beam, because a wet bag of 5 kg of grain is heavy</li>
</ul>
<h2>How the day went</h2>
<p>I mashed 4.8 kg of Maris Otter with 300 g of crystal at 66&nbsp;°C for an hour, wrapped in an old sleeping bag. The temperature dropped by just over a degree, which I can live with. Lifting the bag was the messiest part: I squeezed it, which purists say releases tannins, but I could not taste any difference.</p>
<p>Efficiency came in at 68%, lower than the 75% the software promised, so the original gravity was 1.046 instead of 1.050. Next time I will crush finer and do a quick dunk sparge in a bucket of hot water.</p>
<p>Start to finish it took five and a half hours, including the clean-up. The beer is bubbling away in the spare room at 19&nbsp;°C and the whole shed smells of biscuits. If you are stuck on kits because all-grain looks complicated, try a bag: it is the cheapest upgrade I have made.</p>"""),

    (21, "water-chemistry-without-the-headache", "Water chemistry without the headache",
     "2024-02-03 09:30", ("techniques",),
     "You do not need a chemistry degree to fix your brewing water. A water report, two salts and a campden tablet go a long way.",
     """<p>Water chemistry is the topic that makes new all-grain brewers close the browser tab. It does not have to. For most beers you need three things: your water report, a small jar of gypsum, a small jar of calcium chloride, and campden tablets.</p>
<h2>Step one: get rid of the chlorine</h2>
<p>Most UK tap water is treated with chlorine or chloramine, and both turn into medicinal, plastic-tasting chlorophenols when they meet yeast. Half a campden tablet in 25 litres, stirred in ten minutes before you mash, removes both. This single step improved my beer more than any other change I have made.</p>
<h2>Step two: read the report</h2>
<p>Your water company publishes a report for your postcode. The numbers that matter are calcium, magnesium, sodium, sulphate, chloride and alkalinity (sometimes shown as bicarbonate). Our water here is moderately hard: about 90&nbsp;mg/l of calcium and an alkalinity that is too high for pale beers.</p>
<h2>Step three: pick a direction</h2>
<p>Sulphate makes hops taste crisper and more bitter; chloride makes malt taste fuller and rounder. A hoppy pale ale likes roughly two or three parts sulphate to one of chloride. A stout or a brown ale likes the reverse. I add gypsum for sulphate and calcium chloride for chloride, weighed on a jeweller's scale.</p>
<p>To bring alkalinity down for pale beers I add a little CRS (a mix of hydrochloric and sulphuric acid sold for brewing). For dark beers the roasted malt is acidic enough that I often add nothing.</p>
<p>That is genuinely all I do. Calculators will let you fine-tune to the milligram, but the jump from untreated water to &ldquo;roughly right&rdquo; is where the flavour is.</p>"""),

    (29, "yeast-starters-without-a-stir-plate", "Yeast starters without a stir plate",
     "2024-02-24 11:00", ("techniques",),
     "Shaken, not stirred: how I make healthy yeast starters with a conical flask, some dried malt extract and a lot of swirling.",
     """<p>Liquid yeast is expensive, and a single pack is usually not enough cells for a beer above 1.050. The answer is a starter: a small batch of wort you pitch the yeast into a day or two before brew day, so it can multiply.</p>
<p>Most guides assume you own a magnetic stir plate. I do not, and for two years I have made perfectly good starters without one using the &ldquo;shaken not stirred&rdquo; method.</p>
<h2>The method</h2>
<ol>
<li>Boil 100&nbsp;g of light dried malt extract in one litre of water for ten minutes. That gives a gravity of about 1.037.</li>
<li>Cool it to room temperature in the flask, standing in a sink of cold water.</li>
<li>Pour it into a sanitised two-litre container, pitch the yeast, cover with foil and shake hard for a minute. You want it foamy: that foam is oxygen.</li>
<li>Pitch the entire starter, at high krausen, four to eighteen hours later.</li>
</ol>
<p>The trick is pitching the whole thing while it is still active rather than letting it finish and decanting. You do not grow quite as many cells as on a stir plate, but the yeast you pitch is healthy and already working.</p>
<h2>Is it worth it?</h2>
<p>My fermentations now start within six hours instead of a day and a half, and the beers finish drier and cleaner. For lagers I still make two steps. For everything else one shaken starter is plenty, and it costs about two pounds of malt extract.</p>"""),

    (35, "a-fermentation-chamber-from-a-dead-fridge", "A fermentation chamber from a dead fridge",
     "2024-03-16 14:20", ("equipment",),
     "A broken under-counter fridge, a tube heater and a twenty-pound controller: the best temperature control money can barely buy.",
     """<p>Fermentation temperature matters more than almost anything else you do on brew day. Ale yeast fermenting at 24&nbsp;°C in a warm kitchen throws off fruity esters and solvent-like fusel alcohols; the same yeast at 18&nbsp;°C makes clean beer. So when a neighbour put a dead under-counter fridge out for collection, I asked if I could have it.</p>
<h2>Dead is fine</h2>
<p>&ldquo;Dead&rdquo; turned out to mean the thermostat had failed. The compressor still ran. That is ideal, because the thermostat is the part you bypass anyway: the fridge gets plugged into an external controller that switches it on and off based on a probe taped to the side of the fermenter.</p>
<ul>
<li>An Inkbird-style dual-stage controller, about twenty pounds</li>
<li>A 60&nbsp;W tube heater from a greenhouse supplier, for winter</li>
<li>A small computer fan to stir the air so the heater does not make a hot spot</li>
</ul>
<p>The controller has two sockets: one for cooling (the fridge) and one for heating (the tube heater). Set it to 18&nbsp;°C with a half-degree differential and it flips between the two as needed.</p>
<h2>Fitting a fermenter</h2>
<p>An under-counter fridge is just big enough for a 23-litre fermenting bucket once you remove the door shelves and the plastic moulding at the back. I had to drill out two rivets. Tape the probe to the side of the fermenter under a bit of bubble wrap so it reads the beer, not the air.</p>
<p>Total cost: about thirty pounds. The first beer through it, a simple bitter, is the cleanest beer I have brewed.</p>"""),

    (42, "my-house-pale-ale-recipe", "My house pale ale (the recipe everyone asks for)",
     "2024-04-06 08:45", ("recipes",),
     "The pale ale I keep coming back to: Maris Otter, a touch of wheat, and a big late dose of Citra and Mosaic.",
     """<p>Every homebrewer ends up with a house beer, the one there is always a keg of. Mine is this pale ale. I have brewed it eleven times now, tweaking one thing each time, and people at the club keep asking for the recipe, so here it is.</p>
<h2>Recipe (23 litres into the fermenter)</h2>
<ul>
<li>4.2&nbsp;kg Maris Otter pale malt</li>
<li>400&nbsp;g wheat malt, for head retention</li>
<li>200&nbsp;g light crystal (around 30 EBC)</li>
<li>Mash at 66&nbsp;°C for 60 minutes</li>
<li>15&nbsp;g Magnum at 60 minutes, for about 25 IBU</li>
<li>40&nbsp;g Citra and 40&nbsp;g Mosaic at flame-out, steeped for 20 minutes at 80&nbsp;°C</li>
<li>50&nbsp;g Citra and 50&nbsp;g Mosaic dry hop on day four</li>
<li>Yeast: a clean American ale strain (US-05 works well). I pitch a starter made <a href="{site}/yeast-starters-without-a-stir-plate/">the shaken-not-stirred way</a></li>
</ul>
<p>Original gravity 1.048, final gravity 1.010, which gives 5.0% ABV.</p>
<h2>What I have learned over eleven brews</h2>
<p>The wheat matters. Without it the head collapses in a minute; with it you get a white cap that lasts to the bottom of the glass. The crystal malt is there for colour and a hint of sweetness, and more than 200&nbsp;g makes the beer taste like toffee fighting with grapefruit.</p>
<p>Hop stand temperature matters even more. At 100&nbsp;°C you extract bitterness; at 80&nbsp;°C you keep the oils that smell of mango and passion fruit. I cool the wort to 80&nbsp;°C with the immersion chiller before adding the flame-out hops.</p>
<p>Water: I build it to about 150&nbsp;mg/l sulphate and 75&nbsp;mg/l chloride. More sulphate made it harsh.</p>
<p>Finally, oxygen is the enemy after fermentation. Hop aroma fades within weeks if the beer is splashed into a bottling bucket, so I do a closed transfer into a purged keg. If you bottle, drink it young.</p>"""),

    (48, "dry-hopping-when-and-how-much", "Dry hopping: when, and how much?",
     "2024-04-27 16:10", ("techniques", "recipes"),
     "Day two or day six? Five grams a litre or two? What three side-by-side batches taught me about dry hopping.",
     """<p>After <a href="{site}/my-house-pale-ale-recipe/">the pale ale post</a> a lot of you asked why I dry hop on day four. The honest answer was &ldquo;because that is what I read somewhere&rdquo;, which is not a great answer. So I split a batch three ways and tested it.</p>
<h2>The experiment</h2>
<p>One 30-litre batch of the house pale ale, split into three 10-litre fermenters after pitching the same yeast. Each got 4&nbsp;g per litre of Citra, added at a different time:</p>
<ul>
<li>Batch A: day two, during active fermentation</li>
<li>Batch B: day four, as fermentation slows</li>
<li>Batch C: day eight, after fermentation finished</li>
</ul>
<h2>Results</h2>
<p>Batch A had the softest, juiciest aroma but noticeably less of it. The escaping carbon dioxide carries some of the aroma out of the airlock, and you can smell it in the room. It also had a slight haze that never cleared.</p>
<p>Batch B was the favourite of five out of seven tasters at the club. Plenty of aroma, and the yeast still active enough to mop up the oxygen that comes in with the hops.</p>
<p>Batch C was the most intense on day one, grassy and sharp, but faded fastest. After three weeks in the bottle it was the dullest of the three, probably from oxygen picked up when I opened the fermenter.</p>
<h2>How much?</h2>
<p>More is not always better. Above about 6&nbsp;g per litre I start getting a harsh, vegetal &ldquo;hop burn&rdquo;. For a 5% pale ale I now use 4&nbsp;g per litre on day four and leave it for three days before cold crashing.</p>"""),

    (55, "kegging-vs-bottling-two-years-in", "Kegging vs bottling, two years in",
     "2024-05-18 10:40", ("equipment",),
     "Two years after buying my first corny keg, here is what I miss about bottles and what I would never go back to.",
     """<p>Two years ago I bought a second-hand corny keg, a CO2 cylinder and a regulator, and I have not filled a bottle since, apart from the odd one for competitions. Whether kegging is worth the money comes up at every club night, so here is my honest comparison.</p>
<h2>What kegging fixed</h2>
<p>Time. Bottling 23 litres took me two hours: cleaning, sanitising and filling forty bottles, and capping them. Kegging takes twenty minutes. The beer is carbonated in three days instead of two weeks, and there is no sediment in the glass.</p>
<p>Hoppy beers are the big win. A closed transfer into a purged keg keeps the aroma for weeks. My bottled pale ales always tasted of cardboard after a month.</p>
<h2>What I miss about bottles</h2>
<p>Portability. You can give a friend six bottles; you cannot give them a keg. A counter-pressure bottle filler helps, but it is fiddly. Bottles also let a beer age in small units: I still bottle my barley wine.</p>
<p>And space. A keg needs a fridge, the fridge needs a home, and my wife has opinions about a second fridge in the utility room.</p>
<h2>The costs</h2>
<ul>
<li>Used corny keg: &pound;40 to &pound;60</li>
<li>CO2 cylinder and regulator: &pound;90</li>
<li>Tap, lines and connectors: &pound;35</li>
<li>A fridge: free if you are patient, as the fermentation chamber post shows</li>
</ul>
<p>If you brew more than six times a year, kegging pays for itself in time saved. If you brew twice a year, or you like giving beer away, stay with bottles.</p>"""),

    (61, "supermarket-juice-cider", "Supermarket juice cider in ten minutes",
     "2024-06-08 19:00", ("cider-wild", "beginners"),
     "Five cartons of apple juice, a sachet of yeast and a demijohn. The easiest fermented drink there is, and surprisingly good.",
     """<p>Not everyone wants to spend a Saturday mashing grain. If you just want to see what fermentation is like, or you want something to drink while your beer conditions, make supermarket cider. It takes ten minutes.</p>
<h2>What you need</h2>
<ul>
<li>4.5 litres of pasteurised apple juice, not from concentrate if you can, with no preservatives (check the label for sorbate)</li>
<li>A sachet of cider or white-wine yeast</li>
<li>A one-gallon demijohn with a bung and an airlock</li>
<li>Half a teaspoon of yeast nutrient, optional but it helps</li>
</ul>
<h2>Method</h2>
<p>Sanitise the demijohn, funnel and airlock. Pour in the juice, leaving a few centimetres of space at the top. Add the nutrient and the yeast, fit the airlock, and put it somewhere around 16 to 20&nbsp;°C. That is it.</p>
<p>It will bubble for one to two weeks. When the bubbling stops and the cider starts to clear, siphon it off the sediment into bottles with half a teaspoon of sugar each if you want it sparkling, or leave it still.</p>
<h2>What to expect</h2>
<p>Supermarket juice ferments very dry, around 6% ABV, and tastes more like a white wine than a commercial cider. Commercial ciders are back-sweetened, so if you want sweetness, add a non-fermentable sweetener at bottling or drink it with a splash of fresh juice.</p>
<p>Cloudy juice makes a fuller cider. A mix of apple and a carton of pear juice was my favourite this year.</p>"""),

    (68, "catching-wild-yeast-from-the-garden", "Catching wild yeast from the garden",
     "2024-07-06 13:15", ("cider-wild",),
     "I left jars of wort next to the apple tree and the elderflowers. Two of them made something drinkable.",
     """<p>Every beer I have made so far used yeast from a packet. This summer I wanted to try something older: capturing the wild yeast that lives on fruit and flowers in the garden.</p>
<h2>The setup</h2>
<p>I made two litres of starter wort (1.040, hopped lightly to discourage some bacteria) and split it into six sanitised jars. Each jar got a different guest:</p>
<ul>
<li>Jar 1: left open under the apple tree for a day, covered with muslin</li>
<li>Jar 2: three elderflower heads</li>
<li>Jar 3: a handful of unwashed blackcurrants</li>
<li>Jar 4: rose petals</li>
<li>Jar 5: a crust of sourdough starter from the kitchen</li>
<li>Jar 6: nothing, as the control</li>
</ul>
<h2>What happened</h2>
<p>Jars 2, 3 and 5 started fermenting within three days. Jar 1 grew a film of mould and went in the compost. Jar 4 smelled of nail varnish. The control stayed still for a week and then grew something I did not want to look at closely.</p>
<p>The elderflower jar smelled wonderful: lemony, a bit like white wine. The blackcurrant jar was funky and farmyard-like, which I suspect means Brettanomyces. The sourdough jar was sour and bready.</p>
<h2>Stepping up</h2>
<p>I stepped the elderflower culture up twice and fermented a 5-litre batch of simple pale wort with it. The result is a hazy, slightly tart, very fruity beer that everybody who tried it liked, and that I will never be able to reproduce exactly. That is part of the charm.</p>"""),

    (74, "cleaning-and-sanitising-what-actually-matters", "Cleaning and sanitising: what actually matters",
     "2024-08-03 09:00", ("beginners", "equipment"),
     "Cleaning and sanitising are two different jobs. Here is what I do after every brew, and what I have stopped worrying about.",
     """<p>&ldquo;Sanitise everything&rdquo; is the first thing every new brewer hears. It is good advice, but it hides the more important rule: you cannot sanitise something that is not clean. Sanitiser kills microbes on a surface; it does nothing to the soil that protects them.</p>
<h2>Cleaning</h2>
<p>Cleaning removes visible and invisible soil: yeast, proteins, hop residue, beer stone. I use an oxygen-based cleaner (sodium percarbonate) in warm water. Soak for an hour, wipe with a soft cloth, never a scourer, because scratches in plastic hide bacteria forever.</p>
<h2>Sanitising</h2>
<p>Sanitising reduces the microbes left on a clean surface to a safe level. I use a no-rinse acid sanitiser, mixed with de-ionised water so the solution keeps for weeks in a spray bottle. Anything that touches cooled wort or beer gets sprayed or dunked: fermenter, lid, airlock, spoon, siphon, hydrometer, my hands.</p>
<h2>What I stopped worrying about</h2>
<ul>
<li>Anything that touches wort before or during the boil only needs cleaning: the boil sanitises it.</li>
<li>Foam from the sanitiser. &ldquo;Don't fear the foam&rdquo; is true: it does no harm.</li>
<li>Bleach. I used to use it, and it is effective, but one rinse too few and the beer tastes of swimming pool.</li>
</ul>
<p>In four years I have had two infected batches. Both times the cause was the same: a scratched plastic siphon I should have thrown away. Replace your soft plastic parts once a year.</p>"""),

    (81, "a-quick-kettle-sour", "A quick kettle sour with yoghurt bacteria",
     "2024-09-07 15:30", ("recipes", "techniques"),
     "Souring a wort in the kettle with live yoghurt cultures, then boiling it, gives a clean sour beer in a week without infecting your kit.",
     """<p>Traditional sour beers take months or years, and the bacteria involved can live on in your plastic equipment. Kettle souring is the shortcut: you sour the wort before the boil, then boil it, which kills the bacteria before the yeast goes in.</p>
<h2>The bacteria</h2>
<p>Lactobacillus makes lactic acid, the clean, yoghurt-like sourness of a Berliner Weisse or a gose. You can buy pure cultures, but a few capsules of a probiotic supplement containing <em>Lactobacillus plantarum</em> work just as well. Check the label: plantarum is happy at 35 to 40&nbsp;°C and does not need hops-free wort as much as other strains do.</p>
<h2>Method</h2>
<ol>
<li>Mash a simple grist: 2&nbsp;kg pilsner malt and 2&nbsp;kg wheat malt for 20 litres.</li>
<li>Bring the wort to the boil for five minutes to kill whatever came in on the grain, then cool to 38&nbsp;°C.</li>
<li>Lower the pH to 4.5 with lactic acid, which stops other bacteria competing.</li>
<li>Add the probiotic capsules, cover the surface with cling film to keep oxygen out, and keep it warm. I wrap the kettle in a sleeping bag and top up with a heat belt.</li>
<li>Check the pH every twelve hours. At 3.3 to 3.4, boil for an hour with a tiny hop addition and ferment as normal.</li>
</ol>
<p>Mine took thirty hours to reach 3.4. Fermented with a clean ale yeast and finished on 1&nbsp;kg of raspberries, it was the hit of the summer barbecue.</p>"""),

    (87, "autumn-brown-ale-for-bonfire-night", "An autumn brown ale for Bonfire Night",
     "2024-10-12 12:00", ("recipes",),
     "A nutty, chocolatey brown ale that is ready in four weeks, just in time for fireworks in the back garden.",
     """<p>Every October I brew something darker for Bonfire Night, and this year it is a proper English brown ale: nutty, a touch of chocolate, low in alcohol so you can have three while the fireworks go up.</p>
<h2>Recipe (23 litres)</h2>
<ul>
<li>3.6&nbsp;kg Maris Otter</li>
<li>300&nbsp;g brown malt</li>
<li>250&nbsp;g medium crystal</li>
<li>150&nbsp;g pale chocolate malt</li>
<li>Mash at 68&nbsp;°C for 60 minutes for a fuller body</li>
<li>30&nbsp;g East Kent Goldings at 60 minutes, 20&nbsp;g at 10 minutes</li>
<li>An English ale yeast, fermented at 19&nbsp;°C</li>
</ul>
<p>Original gravity 1.044, final gravity about 1.012: 4.2% ABV.</p>
<h2>Notes</h2>
<p>Brown malt is the key ingredient and the one people skip. It gives the dry, biscuity, slightly coffee-like character that separates a brown ale from a sweet dark mild. Do not go above 10% of the grist, or it turns harsh.</p>
<p>Water for this one leans the other way from the pale ale: more chloride than sulphate, about 100&nbsp;mg/l of chloride and 50 of sulphate, so the malt tastes round rather than sharp.</p>
<p>English yeast drops bright on its own in about ten days. I keg it after two weeks and it is at its best from week four, which this year lands neatly on the fifth of November.</p>
<p>No dry hop this time; if you want one, see <a href="{site}/dry-hopping-when-and-how-much/">the dry hopping experiment</a>.</p>"""),
)

#: ``(slug, name, description)`` of the categories.
CATEGORIES_DATA: tuple[tuple[str, str, str], ...] = (
    ("beginners", "Beginners", "Where to start if you have never brewed."),
    ("cider-wild", "Cider & Wild Ferments", "Fruit, wild yeast and other things that ferment."),
    ("equipment", "Equipment", "Kit I built, bought or found in a skip."),
    ("recipes", "Recipes", "Beers I have brewed and would brew again."),
    ("techniques", "Techniques", "How to do one thing well."),
)

ABOUT_PAGE = (
    2, "about", "About", "2023-11-04 20:00",
    """<p>I am Martin. I brew beer in a converted garden shed in West Yorkshire, usually on Saturday mornings, usually with a cup of tea going cold on the windowsill.</p>
<p>I started with a kit in 2020, like half the country, and never stopped. This blog is where I write down what worked and what did not, so I stop making the same mistakes. Comments are moderated; I read every one and answer the questions I can.</p>
<p>If you want to get in touch, leave a comment on any post. I do not accept guest posts or link exchanges, so please do not ask.</p>""",
)
