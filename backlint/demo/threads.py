"""Everything the demo blog's posts received: comments, trackbacks and pingbacks.

Plain data, written as a moderator's queue would read: genuine readers (some with a
blog of their own), the author's replies, spam that slipped past moderation, spam and
pending items that never reach the page, genuine and template trackbacks, verified
pingbacks (some from the blog itself, some from a scraper). All names, domains,
e-mail addresses and IP addresses are invented; IPs are from the documentation ranges
(RFC 5737). An author URL starting with ``/`` is on the blog itself, and ``{site}`` in
a text stands for the blog's home URL: both are filled in when a page is rendered.

Every trackback and pingback source is a plain ``http://`` address: the demo server
also plays those sites (:mod:`backlint.demo.sources`), reached through ``resolve``
entries, which route a host to a local port but keep the scheme, as curl's
``--resolve`` does; a local plain-HTTP port cannot answer ``https://``.

Each entry is built by one of the small functions below and becomes a
:class:`backlint.demo.data.DemoItem` in :mod:`backlint.demo.data`, which assigns IDs in
date order as WordPress would.
"""

from __future__ import annotations

from typing import NamedTuple


class Entry(NamedTuple):
    """One item as written here, before IDs are assigned.

    Example:
        >>> me("k2", "2024-01-02 10:00", "k1", "Thanks!").by_owner
        True
    """

    type: str
    key: str
    when: str
    author: str
    author_url: str
    content: str
    parent: str | None = None
    status: str = "approved"
    email: str = ""
    ip: str = ""
    by_owner: bool = False


def c(key: str, when: str, author: str, url: str, text: str, *, parent: str | None = None,
      status: str = "approved", email: str = "", ip: str = "") -> Entry:
    """A comment from a visitor."""
    return Entry("comment", key, when, author, url, text, parent, status, email, ip)


def me(key: str, when: str, parent: str, text: str) -> Entry:
    """A reply by the blog's author, logged in (no URL on his profile, like a fresh install)."""
    return Entry("comment", key, when, "Martin Hale", "", text, parent, "approved",
                 "martin@thebrewshed.example", "192.0.2.10", True)


def pb(key: str, when: str, title: str, url: str, excerpt: str, *, status: str = "approved",
       ip: str = "") -> Entry:
    """A pingback: WordPress stores the source page's title and an excerpt around the link."""
    return Entry("pingback", key, when, title, url, f"[&#8230;] {excerpt} [&#8230;]", None, status, "", ip)


def tb(key: str, when: str, blog_name: str, url: str, title: str, excerpt: str, *,
       status: str = "approved", ip: str = "") -> Entry:
    """A trackback: wp-trackback.php stores ``blog_name`` as author, ``title`` and ``excerpt`` as text."""
    return Entry("trackback", key, when, blog_name, url, f"<strong>{title}</strong>\n\n{excerpt}", None, status, "", ip)


# --- Texts that spam campaigns post from many domains -------------------------------------

PRAISE = "Great post, thanks for sharing! I will bookmark your blog and check back later for more."
SISTER = ("Wow, this article is nice, my younger sister is analyzing such things, "
          "thus I am going to let know her.")
CAPTCHA = ("Hi there! I know this is kinda off topic but I was wondering if you knew where I could get a "
           "captcha plugin for my comment form? I'm using the same blog platform as yours and I'm having "
           "trouble finding one? Thanks a lot!")
MONETIZE = ("I see you don't monetize your page, don't waste your traffic, you can earn extra cash every month "
            "because you've got high quality content. If you want to know how to make extra bucks, search for: "
            "best adsense alternative Boorfe's tips monetize your website")
TRACKBACK_TEMPLATE = "[&#8230;] Find More Informations here: {target} [&#8230;]"

CAMPAIGN_IP = "203.0.113.45"
LOANS_IP = "203.0.113.88"


THREADS: dict[str, list[Entry]] = {
    "brew-in-a-bag-my-first-all-grain-day": [
        c("biab-sarah", "2024-01-13 18:22", "Sarah Whitcombe", "https://sarahbrewsathome.blogspot.com/",
          "Welcome to the all-grain club! Where did you get the voile? I have been using a ready-made bag and it "
          "keeps tearing at the seams where the handles are stitched."),
        me("biab-sarah-r", "2024-01-13 20:05", "biab-sarah",
           "Thanks Sarah! Plain white voile curtain fabric from the market, about four pounds a metre. I double-stitched "
           "the seams and sewed a loop of webbing round the top instead of handles."),
        c("biab-dave", "2024-01-14 09:41", "Dave Okafor", "https://www.okaforbrews.co.uk/",
          "68% on a first BIAB is good going. A finer crush made the biggest difference for me: I went from 70 to 81% "
          "just by closing the mill gap. I wrote up my numbers <a href=\"https://www.okaforbrews.co.uk/2023/11/biab-efficiency/\" "
          "rel=\"nofollow ugc\">here</a> if they are any use."),
        c("biab-seo", "2024-01-15 03:12", "SEO Tips Daily", "http://seo-tips-daily.xyz/", PRAISE, ip=CAMPAIGN_IP),
        c("biab-tom", "2024-01-16 21:30", "Tom Bradley", "",
          "How do you stop the bag touching the element? I melted a hole in mine on the first go."),
        me("biab-tom-r", "2024-01-17 07:58", "biab-tom",
           "A cake-cooling rack in the bottom of the pot, Tom. Cheap, and it keeps the bag a few centimetres off the element."),
        c("biab-tom-2", "2024-01-17 19:11", "Tom Bradley", "", "Genius. Ordering one now, thank you.", parent="biab-tom-r"),
        pb("biab-hopnotes", "2024-01-19 12:00", "Five first brew days worth reading &#8211; Hop Notes",
           "http://hopnotes.net/2024/01/five-first-brew-days/",
           "Martin at The Brew Shed goes all-grain with a stockpot and a curtain: the cheapest upgrade in homebrewing"),
        c("biab-rx", "2024-01-21 04:40", "buy viagra online", "http://cheap-generic-rx.xyz/viagra/",
          "Buy generic viagra online without prescription, lowest prices, fast worldwide delivery. "
          "<a href=\"http://cheap-generic-rx.xyz/\" rel=\"nofollow ugc\">buy viagra</a> "
          "<a href=\"http://cheap-generic-rx.xyz/cialis-20mg/\" rel=\"nofollow ugc\">cialis 20mg</a> "
          "<a href=\"http://cheap-generic-rx.xyz/levitra/\" rel=\"nofollow ugc\">levitra online</a>",
          status="spam", email="sales@cheap-generic-rx.xyz"),
        c("biab-loans", "2024-01-22 11:05", "Quick Cash Loans UK", "http://quickcash-loans247.top/",
          "Need money before payday? Instant approval, no credit check, cash in 10 minutes! http://quickcash-loans247.top/apply",
          status="hold", ip=LOANS_IP),
    ],

    "water-chemistry-without-the-headache": [
        c("water-priya", "2024-02-03 15:47", "Priya Raman", "https://fermentingwithpriya.wordpress.com/",
          "The campden tablet tip is the one I wish someone had told me years ago. My first six beers all had that "
          "sticking-plaster taste and I blamed the yeast."),
        c("water-juergen", "2024-02-04 08:15", "Jürgen Weiß", "https://www.hausbrauer-juergen.de/",
          "Good summary. Here in Bavaria the water is very hard, so for pale beers I cut it 50/50 with reverse osmosis "
          "water from the aquarium shop. Much easier than acid."),
        me("water-juergen-r", "2024-02-04 10:30", "water-juergen",
           "That is a good tip, Jürgen. The aquarium shops here sell RO water too and I had never thought of it."),
        tb("water-barley", "2024-02-06 17:20", "Barley &amp; Brine", "http://barleyandbrine.blogspot.com/2024/02/reading-water-reports.html",
           "Reading a water report without crying",
           "Martin's post on water chemistry is the clearest introduction I have found, so I will not repeat it; here is how to read the report itself"),
        c("water-kate", "2024-02-09 12:02", "Kate M", "https://kates-kitchen-garden.co.uk/",
          "Does the same apply to cider? Our cider comes out a bit flat tasting and I wondered about the water I top up with."),
        me("water-kate-r", "2024-02-09 19:44", "water-kate",
           "Cider is mostly juice, so water matters much less. Flat-tasting cider is more often low acidity: try a bit of malic acid."),
        c("water-pharmacy", "2024-02-11 02:31", "Online Pharmacy", "http://best-pharmacy-rx.top/",
          "[url=http://best-pharmacy-rx.top/]online pharmacy[/url] [url=http://best-pharmacy-rx.top/tramadol/]tramadol no prescription[/url]",
          status="spam"),
        tb("water-rx-tb", "2024-02-12 06:00", "Pharmacy Without Prescription", "http://best-pharmacy-rx.top/2024/02/water/",
           "Pharmacy Without Prescription", TRACKBACK_TEMPLATE.format(target="{site}/water-chemistry-without-the-headache/"),
           status="hold", ip="198.51.100.201"),
    ],

    "yeast-starters-without-a-stir-plate": [
        c("yeast-hannah", "2024-02-24 20:13", "Hannah Price", "https://hopheadhannah.blogspot.com/",
          "Shaken not stirred is how I do it too! One thing I add: a pinch of yeast nutrient in the starter wort."),
        c("yeast-dave", "2024-02-25 10:02", "Dave Okafor", "https://www.okaforbrews.co.uk/",
          "Interesting that you pitch at high krausen. I always crashed and decanted because I did not want the "
          "oxidised starter beer in the batch. With a one-litre starter in 23 litres, I guess it does not matter."),
        me("yeast-dave-r", "2024-02-25 12:40", "yeast-dave",
           "Exactly that, Dave: it is about 4% of the volume and I have never been able to taste it."),
        c("yeast-vpn", "2024-02-26 07:19", "Best VPN 2024", "https://bestvpnreviews.top/", PRAISE, ip=CAMPAIGN_IP),
        c("yeast-mike", "2024-03-01 22:48", "Mike from Leeds", "",
          "How long will a starter keep if brew day gets postponed? Mine is in the fridge now and the brew is off till next week."),
        me("yeast-mike-r", "2024-03-02 08:10", "yeast-mike",
           "A week in the fridge is fine. Let it warm up and give it a fresh litre of wort the day before to wake it up."),
        c("yeast-essay", "2024-03-03 14:55", "Essay Writer Service", "https://essay-writing-help.online/",
          "Struggling with your dissertation? Our professional essay writers deliver plagiarism-free papers in 24 hours. "
          "Order at https://essay-writing-help.online/order and get 15% off.",
          status="spam"),
        pb("yeast-selfping", "2024-04-06 08:46", "My house pale ale (the recipe everyone asks for) &#8211; The Brew Shed",
           "/my-house-pale-ale-recipe/", "Yeast: a clean American ale strain. I pitch a starter made the shaken-not-stirred way"),
        pb("yeast-scraper", "2024-04-08 01:17", "Yeast starters without a stir plate | Brewing News Today",
           "http://brewing-news-today.xyz/yeast-starters-without-a-stir-plate/",
           "Source: The Brew Shed. Liquid yeast is expensive, and a single pack is usually not enough cells"),
    ],

    "a-fermentation-chamber-from-a-dead-fridge": [
        c("fridge-gwen", "2024-03-16 21:37", "Gwen Lloyd", "https://gwenscellar.cymru/",
          "Brilliant reuse. Mine is a dead chest freezer and it holds two fermenters, but it is murder on the back lifting them out."),
        c("fridge-ben", "2024-03-17 11:26", "Ben Carter", "https://bencarter.dev/",
          "If anyone wants to go further: I replaced the controller with an ESP32, a DS18B20 probe and two relays, and now "
          "I get a graph of fermentation temperature on my phone. Code is <a href=\"https://bencarter.dev/projects/fermenter-controller/\" "
          "rel=\"nofollow ugc\">on my site</a>."),
        me("fridge-ben-r", "2024-03-17 13:02", "fridge-ben", "Ben, that is dangerously tempting. I may be in touch."),
        c("fridge-ben-2", "2024-03-17 15:44", "Ben Carter", "https://bencarter.dev/",
          "Any time. Happy to send you a spare board.", parent="fridge-ben-r"),
        c("fridge-keto", "2024-03-18 05:03", "Keto Diet Pills", "http://ketoslim-pills.top/", SISTER),
        c("fridge-dave", "2024-03-19 18:30", "Dave Okafor", "https://www.okaforbrews.co.uk/",
          "Top tip for the probe: tape it under a folded square of bubble wrap, as you say, but also put a dab of "
          "thermal paste between probe and fermenter. Readings follow the beer much faster."),
        pb("fridge-okafor", "2024-03-24 10:15", "Building a keezer on a budget &#8211; Okafor Brews",
           "http://www.okaforbrews.co.uk/2024/03/keezer-on-a-budget/",
           "the same controller Martin uses in his dead-fridge fermentation chamber"),
        c("fridge-tom", "2024-03-26 20:20", "Tom Bradley", "",
          "Did you have to do anything about condensation? Mine is dripping inside."),
        me("fridge-tom-r", "2024-03-27 07:35", "fridge-tom",
           "A damp-trap box of calcium chloride crystals from the hardware shop, Tom. Empty it every couple of weeks."),
        c("fridge-casino", "2024-03-29 02:47", "Online Casino Bonus", "http://lucky-spin-casino-bonus.club/",
          "Best online casino bonus 2024 &#8211; 200 free spins no deposit! [url=http://lucky-spin-casino-bonus.club/]casino bonus[/url] "
          "[url=http://lucky-spin-casino-bonus.club/free-spins/]free spins[/url]", status="spam"),
        c("fridge-captcha", "2024-04-02 16:58", "Carmela", "http://casino-slots-free.xyz/", CAPTCHA, status="hold"),
    ],

    "my-house-pale-ale-recipe": [
        c("pale-sarah", "2024-04-06 12:30", "Sarah Whitcombe", "https://sarahbrewsathome.blogspot.com/",
          "Finally! I have been waiting for this since the club night. Brewing it next weekend."),
        c("pale-dave", "2024-04-06 14:05", "Dave Okafor", "https://www.okaforbrews.co.uk/",
          "Good call on the 80 degree hop stand. I did a side by side last year and the 80 degree one won easily."),
        c("pale-kits", "2024-04-06 22:41", "Best Homebrew Kits", "http://best-homebrew-kits-reviews.xyz/",
          "Great recipe! For anyone looking for the <a href=\"http://best-homebrew-kits-reviews.xyz/top-10/\" rel=\"nofollow ugc\">"
          "best homebrew kits 2024</a> we compared the top 10 starter kits."),
        c("pale-priya", "2024-04-07 09:14", "Priya Raman", "https://fermentingwithpriya.wordpress.com/",
          "What is the wheat malt doing exactly? I have seen it in a lot of pale ale recipes but never understood why."),
        me("pale-priya-r", "2024-04-07 10:02", "pale-priya",
           "Proteins, Priya. Wheat has more of the proteins that hold foam together, so the head lasts much longer."),
        c("pale-hannah", "2024-04-07 19:36", "Hannah Price", "https://hopheadhannah.blogspot.com/",
          "Citra and Mosaic is such a good pairing. Have you tried swapping the Mosaic for Nelson Sauvin?"),
        pb("pale-selfping", "2024-04-27 16:11", "Dry hopping: when, and how much? &#8211; The Brew Shed",
           "/dry-hopping-when-and-how-much/", "After the pale ale post a lot of you asked why I dry hop on day four"),
        me("pale-hannah-r", "2024-04-08 07:12", "pale-hannah",
           "Once, Hannah. Lovely white-wine character, but it fought with the Citra. I would use it on its own."),
        c("pale-mike", "2024-04-09 18:20", "Mike from Leeds", "",
          "Brewed it on Saturday. OG 1.050, so I must have got better efficiency than you. Smells amazing already."),
        c("pale-homedecor", "2024-04-10 03:55", "Home Decor Ideas", "https://homedecor-ideas-2024.blogspot.com/", PRAISE,
          ip=CAMPAIGN_IP),
        tb("pale-club", "2024-04-12 21:00", "Yorkshire Homebrew Club", "http://yorkshirehomebrew.org.uk/2024/04/april-club-night/",
           "April club night round-up",
           "Martin brought his house pale ale again and this time he has finally published the recipe"),
        c("pale-aoife", "2024-04-13 11:48", "Aoife Byrne", "https://aoifebrews.ie/",
          "The point about oxygen is so true. I bottle, and my pale ales are at their best in week two and dull by week six."),
        c("pale-rob", "2024-04-15 20:27", "Rob Tennant", "",
          "Would this work with Maris Otter swapped for a lager malt? I have a sack of pilsner I need to use."),
        me("pale-rob-r", "2024-04-16 08:31", "pale-rob",
           "It would, Rob. It will be a bit lighter in body and colour, more like a session IPA. Maybe mash a degree higher."),
        c("pale-casino-tb-like", "2024-04-18 04:12", "Free Spins Casino", "http://777-slots-jackpot.icu/",
          "Nice recipe. Play the best slots at <a href=\"http://777-slots-jackpot.icu/\" rel=\"nofollow ugc\">slot gacor</a>, "
          "<a href=\"http://777-slots-jackpot.icu/bonus/\" rel=\"nofollow ugc\">free spins</a> and "
          "<a href=\"http://777-slots-jackpot.icu/jackpot/\" rel=\"nofollow ugc\">jackpot</a> every day!",
          status="spam"),
        c("pale-gwen", "2024-04-20 17:02", "Gwen Lloyd", "https://gwenscellar.cymru/",
          "Brewed this for my brother's wedding. Forty people, one keg, empty by nine o'clock."),
        me("pale-gwen-r", "2024-04-20 21:15", "pale-gwen", "That is the best review a recipe can get, Gwen. Congratulations to them!"),
        tb("pale-casino-tb", "2024-04-22 02:30", "Online Casino Guide 2024", "http://casino-review-hub.xyz/2024/04/online-casino-guide/",
           "Online Casino Guide 2024", TRACKBACK_TEMPLATE.format(target="{site}/my-house-pale-ale-recipe/")),
        c("pale-kits-2", "2024-04-24 23:10", "Best Homebrew Kits", "http://best-homebrew-kits-reviews.xyz/",
          "Thanks for the info! Beginners should check our guide to the <a href=\"http://best-homebrew-kits-reviews.xyz/beginners/\" "
          "rel=\"nofollow ugc\">cheap homebrew starter kits</a> too."),
        c("pale-juergen", "2024-04-26 09:40", "Jürgen Weiß", "https://www.hausbrauer-juergen.de/",
          "Very nice. In Germany we would call this almost a &#8220;Helles mit Hopfen&#8221;, ha. I will brew it with "
          "Hallertau Blanc for a local version."),
        c("pale-ben", "2024-05-02 12:12", "Ben Carter", "https://bencarter.dev/",
          "Fermentation log from my attempt, if anyone is curious how US-05 behaves at 18 degrees: "
          "https://bencarter.dev/brews/house-pale/"),
        pb("pale-priya-pb", "2024-05-05 10:00", "Pale ale recipes we brewed this spring &#8211; Fermenting with Priya",
           "http://fermentingwithpriya.wordpress.com/2024/05/05/pale-ales-this-spring/",
           "the wheat-for-head-retention trick from The Brew Shed's house pale"),
        c("pale-loans", "2024-05-07 03:33", "Best Payday Loans", "https://best-payday-loans-now.xyz/",
          "Need cash fast? Get payday loans online with instant approval and no credit check. "
          "<a href=\"https://best-payday-loans-now.xyz/apply/\" rel=\"nofollow ugc\">payday loans online</a>",
          ip=LOANS_IP),
        c("pale-sarah-2", "2024-05-09 19:19", "Sarah Whitcombe", "https://sarahbrewsathome.blogspot.com/",
          "Update: brewed, kegged, half gone. Mine came out slightly hazy, maybe from the wheat? Still delicious.",
          parent="pale-sarah"),
        me("pale-sarah-2-r", "2024-05-10 07:45", "pale-sarah-2",
           "A bit of haze is normal with this much dry hop, Sarah. A week cold in the keg usually clears most of it."),
        c("pale-kate", "2024-05-14 13:50", "Kate M", "https://kates-kitchen-garden.co.uk/",
          "My husband brewed this and now he will not stop talking about hop stands. Thanks, I think."),
        c("pale-bitly", "2024-05-16 06:06", "Bitcoin Trading Bot", "https://bit.ly/3Hq8ZtW",
          "I made $4,500 last week with this bitcoin trading bot, totally passive income, no experience needed! "
          "Check it: https://bit.ly/3Hq8ZtW"),
        c("pale-tom", "2024-05-20 21:05", "Tom Bradley", "",
          "Dumb question: flame-out hops and hop stand, is that the same thing?"),
        me("pale-tom-r", "2024-05-21 07:30", "pale-tom",
           "Not dumb at all. Flame-out is when you add them; the hop stand is the twenty minutes you let them steep before chilling."),
        c("pale-replica", "2024-05-24 04:44", "replica watches", "http://replica-watch-outlet.shop/",
          "Swiss replica watches at 90% off, Rolex, Omega, Tag Heuer, free shipping worldwide.", status="spam"),
        c("pale-kits-3", "2024-06-01 22:18", "Best Homebrew Kits", "http://best-homebrew-kits-reviews.xyz/",
          "Bookmarked! We just updated our list of the <a href=\"http://best-homebrew-kits-reviews.xyz/2024/\" rel=\"nofollow ugc\">"
          "top rated brewing kits</a> for summer."),
        c("pale-aoife-2", "2024-06-05 10:55", "Aoife Byrne", "https://aoifebrews.ie/",
          "Took your advice on sulphate and brought it down. Much softer bitterness, thanks!"),
        c("pale-seo", "2024-06-11 02:02", "SEO Backlinks", "http://seo-backlinks-fast.xyz/", MONETIZE, status="spam"),
        c("pale-hannah-2", "2024-06-18 18:48", "Hannah Price", "https://hopheadhannah.blogspot.com/",
          "Brewed the Nelson version as a single hop in the end. You were right, it wants to be on its own.",
          parent="pale-hannah-r"),
        pb("pale-club-pb", "2024-06-25 20:00", "Summer competition results &#8211; Yorkshire Homebrew Club",
           "http://yorkshirehomebrew.org.uk/2024/06/summer-competition-results/",
           "second place in the pale ale category went to a version of Martin's house pale"),
        c("pale-dave-2", "2024-07-02 17:37", "Dave Okafor", "https://www.okaforbrews.co.uk/",
          "Brewed my fourth batch of this. It is officially my house pale now too."),
        c("pale-crypto-pending", "2024-07-09 05:21", "Crypto Signals", "https://crypto-profit-signals.site/",
          "Earn daily profit with our crypto signals, 95% accuracy! https://crypto-profit-signals.site/join", status="hold"),
        c("pale-mike-2", "2024-07-20 20:40", "Mike from Leeds", "",
          "Second brew of this one, this time with a hop spider. Much less gunk in the fermenter."),
        c("pale-essay-trash", "2024-07-22 03:00", "Assignment Help", "https://bestessayhelp.wordpress.com/",
          "Get assignment help from PhD experts, cheap essays written for you.", status="trash"),
        c("pale-gwen-2", "2024-08-14 16:16", "Gwen Lloyd", "https://gwenscellar.cymru/",
          "Making it again for my own birthday this time. Still the best pale I know.", parent="pale-gwen-r"),
        c("pale-punycode", "2024-08-30 01:49", "Займы онлайн", "http://xn----7sbbzlcmgkdg8m.top/",
          "Займы онлайн на карту без отказа и проверок &#8212; деньги за 5 минут! Подробнее: http://xn----7sbbzlcmgkdg8m.top/zaim"),
        c("pale-sam", "2024-09-12 19:03", "Sam Keeling", "",
          "Found this through the club newsletter. Brewing it as my first all-grain beer next month, wish me luck."),
        me("pale-sam-r", "2024-09-13 08:20", "pale-sam",
           "Good luck Sam! Keep the fermentation cool and it will be fine. Report back."),
        c("pale-kits-4", "2024-10-02 23:30", "Best Homebrew Kits", "http://best-homebrew-kits-reviews.xyz/",
          "Still one of the best recipes online! Our <a href=\"http://best-homebrew-kits-reviews.xyz/deals/\" rel=\"nofollow ugc\">"
          "homebrew kit deals</a> page is updated weekly."),
        c("pale-sam-2", "2024-10-27 18:25", "Sam Keeling", "",
          "Report: it worked! OG 1.047, finished at 1.011, and my dad asked for a second pint.", parent="pale-sam-r"),
        c("pale-hops-pending", "2024-11-04 14:14", "Lisa", "",
          "Could you do a version with British hops? Trying to cut down on imported ones.", status="hold"),
    ],

    "dry-hopping-when-and-how-much": [
        c("dry-dave", "2024-04-27 19:52", "Dave Okafor", "https://www.okaforbrews.co.uk/",
          "Great experiment. Did you purge the headspace after adding the hops in batch C?"),
        me("dry-dave-r", "2024-04-28 08:05", "dry-dave", "No, and I think that is exactly why it faded. Next time I will."),
        c("dry-priya", "2024-04-29 12:34", "Priya Raman", "https://fermentingwithpriya.wordpress.com/",
          "Hop burn is real. I did 10 g per litre once and the beer scratched the back of my throat for a month."),
        c("dry-campaign", "2024-05-01 06:19", "Tech News", "http://203.0.113.45/", PRAISE, status="hold", ip=CAMPAIGN_IP),
        tb("dry-spins", "2024-05-03 03:03", "Free Spins No Deposit", "http://xn--sino-bonus-yqi7r.xyz/free-spins/",
           "Free Spins No Deposit", TRACKBACK_TEMPLATE.format(target="{site}/dry-hopping-when-and-how-much/")),
        c("dry-aoife", "2024-05-04 10:10", "Aoife Byrne", "https://aoifebrews.ie/",
          "Would love to see the same test with a biotransformation yeast. Some claim the day-two addition shines there."),
        me("dry-aoife-r", "2024-05-04 18:00", "dry-aoife", "Noted, Aoife. That is the next experiment."),
        c("dry-ben", "2024-05-06 22:22", "Ben Carter", "https://bencarter.dev/",
          "Seven tasters is a small panel, but five out of seven is a decent signal. Nice work."),
        c("dry-viagra", "2024-05-08 04:04", "Cialis Generic", "http://pharma-discount-store.top/",
          "cialis generic <a href=\"http://pharma-discount-store.top/cialis/\">buy cialis</a> "
          "<a href=\"http://pharma-discount-store.top/viagra/\">viagra price</a>", status="spam"),
        pb("dry-brown-selfping", "2024-10-12 12:01", "An autumn brown ale for Bonfire Night &#8211; The Brew Shed",
           "/autumn-brown-ale-for-bonfire-night/", "no dry hop this time; if you want one, see the dry hopping experiment"),
    ],

    "kegging-vs-bottling-two-years-in": [
        c("keg-gwen", "2024-05-18 14:58", "Gwen Lloyd", "https://gwenscellar.cymru/",
          "The second fridge negotiation is the hardest part of kegging. I wrote a whole post about it."),
        pb("keg-gwen-pb", "2024-05-20 09:00", "Bottles or kegs? The fridge question &#8211; Gwen&#8217;s Cellar",
           "http://gwenscellar.cymru/2024/05/bottles-or-kegs/", "as Martin at The Brew Shed says, a keg needs a fridge"),
        c("keg-tom", "2024-05-18 20:40", "Tom Bradley", "", "What pressure do you serve at?"),
        me("keg-tom-r", "2024-05-19 07:55", "keg-tom",
           "About 10 psi at 4 degrees for pale ales, with three metres of 3/16 line so it pours without foam."),
        c("keg-sarah", "2024-05-19 11:23", "Sarah Whitcombe", "https://sarahbrewsathome.blogspot.com/",
          "I keg, but I still bottle a few from every batch with a bottling wand from the tap for gifts. Works fine if you drink them within a month."),
        c("keg-sister", "2024-05-20 02:14", "slot gacor", "http://777-slots-jackpot.icu/", SISTER),
        c("keg-mike", "2024-05-21 19:49", "Mike from Leeds", "",
          "How often do you replace the gas? My cylinder seemed to empty in a month and I suspect a leak."),
        me("keg-mike-r", "2024-05-22 08:00", "keg-mike",
           "A 2 kg cylinder lasts me about eight kegs. Spray every joint with sanitiser: a leak shows as bubbles."),
        c("keg-mike-2", "2024-05-23 21:10", "Mike from Leeds", "",
          "Found it, the gas disconnect. Bubbles everywhere. Thanks!", parent="keg-mike-r"),
        tb("keg-loans-tb", "2024-05-25 04:25", "Fast Loans Online", "http://203.0.113.88/loans/fast-loans.html",
           "Fast Loans Online", TRACKBACK_TEMPLATE.format(target="{site}/kegging-vs-bottling-two-years-in/"), ip=LOANS_IP),
        c("keg-priya", "2024-05-27 13:31", "Priya Raman", "https://fermentingwithpriya.wordpress.com/",
          "Counter-pressure fillers are fiddly but worth learning. Competition bottles from my keg scored better than my bottle-conditioned ones."),
        c("keg-dave", "2024-06-02 10:44", "Dave Okafor", "https://www.okaforbrews.co.uk/",
          "Two kegs in, never looked back. The time saving alone is worth it."),
        c("keg-loans", "2024-06-04 03:47", "bеst loans", "http://xn--bst-loans-g0h.xyz/",
          "Best loans online, low interest, fast approval. [url=http://xn--bst-loans-g0h.xyz/]best loans[/url]", ip=LOANS_IP),
        c("keg-rob", "2024-06-09 17:26", "Rob Tennant", "",
          "I bottle because I brew three different beers at once and do not have room for three kegs. Small batches, many styles."),
        me("keg-rob-r", "2024-06-10 07:40", "keg-rob", "That is the best argument for bottles I have heard, Rob."),
        c("keg-hannah", "2024-06-16 20:05", "Hannah Price", "https://hopheadhannah.blogspot.com/",
          "Mini kegs are a good middle ground: five litres, fit in a normal fridge, and you can give one to a friend."),
        c("keg-aoife", "2024-06-22 09:58", "Aoife Byrne", "https://aoifebrews.ie/",
          "Just bought my first keg thanks to this post. Wish me luck with the closed transfers."),
        c("keg-replica", "2024-06-25 05:36", "cheap-jerseys-wholesale.shop", "http://cheap-jerseys-wholesale.shop/",
          "cheap jerseys from china wholesale nfl jerseys", status="spam"),
        c("keg-ben", "2024-07-03 21:21", "Ben Carter", "https://bencarter.dev/",
          "Pro tip: a cheap digital luggage scale under the keg tells you how much beer is left."),
        c("keg-juergen", "2024-07-15 08:08", "Jürgen Weiß", "https://www.hausbrauer-juergen.de/",
          "In Germany many homebrewers use 5-litre party kegs for exactly Rob's reason. Cheap and they fit anywhere."),
        c("keg-kate", "2024-08-01 12:45", "Kate M", "https://kates-kitchen-garden.co.uk/",
          "Bookmarking this for the next time my husband wants another fridge."),
        c("keg-essay", "2024-08-09 02:22", "Essay Writer Service", "https://essay-writing-help.online/",
          "Professional essay writing service, 100% original, on time.", status="hold"),
        c("keg-sam", "2024-09-20 19:37", "Sam Keeling", "",
          "Would you start a new brewer on kegs straight away?"),
        me("keg-sam-r", "2024-09-21 08:45", "keg-sam",
           "No. Bottle your first few batches, Sam: it teaches you carbonation, and you will know if you like brewing before spending two hundred pounds."),
    ],

    "supermarket-juice-cider": [
        c("cider-kate", "2024-06-08 21:30", "Kate M", "https://kates-kitchen-garden.co.uk/",
          "Made this with the kids as a science project (they did not drink it). They loved watching the airlock."),
        tb("cider-shed", "2024-06-10 18:00", "The Cider Shed", "http://www.thecidershed.co.uk/2024/06/cheap-cider-experiments/",
           "Cheap cider experiments, round two",
           "The Brew Shed's ten-minute supermarket cider: we tried it with four different juices"),
        c("cider-aoife", "2024-06-11 09:24", "Aoife Byrne", "https://aoifebrews.ie/",
          "Cloudy apple and pear is my favourite too. Try a cinnamon stick in the demijohn at Christmas."),
        c("cider-rob", "2024-06-13 19:59", "Rob Tennant", "",
          "Mine smells of rotten eggs after three days, is it ruined?"),
        me("cider-rob-r", "2024-06-14 07:25", "cider-rob",
           "Probably not, Rob: that is hydrogen sulphide from stressed yeast, common with juice. Add the nutrient and it usually blows off."),
        c("cider-gadgets", "2024-06-15 04:14", "Kitchen Gadgets Hub", "http://kitchen-gadgets-hub.online/", PRAISE,
          status="spam", ip=CAMPAIGN_IP),
        c("cider-hannah", "2024-06-20 14:35", "Hannah Price", "https://hopheadhannah.blogspot.com/",
          "Back-sweetening with a little xylitol works well. Just keep it away from the dog."),
        tb("cider-essay-tb", "2024-06-21 05:05", "Essay Writing Help", "http://essay-writing-help.online/blog/cider/",
           "Essay Writing Help", TRACKBACK_TEMPLATE.format(target="{site}/supermarket-juice-cider/"), status="spam"),
        c("cider-tom", "2024-06-28 21:12", "Tom Bradley", "",
          "Which yeast did you use? The cider yeast at my shop is twice the price of wine yeast."),
        me("cider-tom-r", "2024-06-29 08:40", "cider-tom",
           "A general-purpose white wine yeast, Tom. Cider yeast is a little fruitier but not twice as good."),
        pb("cider-scraper", "2024-07-01 02:38", "Supermarket juice cider in ten minutes | Brewing News Today",
           "http://brewing-news-today.xyz/supermarket-juice-cider/",
           "Source: The Brew Shed. Not everyone wants to spend a Saturday mashing grain"),
        c("cider-casino", "2024-07-04 03:30", "Online Casino Bonus", "http://lucky-spin-casino-bonus.club/",
          "casino bonus http://lucky-spin-casino-bonus.club/ free spins http://lucky-spin-casino-bonus.club/free-spins/ "
          "jackpot http://lucky-spin-casino-bonus.club/jackpot/"),
    ],

    "catching-wild-yeast-from-the-garden": [
        c("wild-juergen", "2024-07-06 18:40", "Jürgen Weiß", "https://www.hausbrauer-juergen.de/",
          "Wonderful experiment. If you want to keep the elderflower culture, streak it on an agar plate and store the best colony on a slant."),
        me("wild-juergen-r", "2024-07-07 09:12", "wild-juergen",
           "I have never done any plating, Jürgen, but this might be the excuse. Is a pressure cooker enough to sterilise the agar?"),
        c("wild-juergen-2", "2024-07-07 12:30", "Jürgen Weiß", "https://www.hausbrauer-juergen.de/",
          "Yes, 15 minutes at full pressure is plenty.", parent="wild-juergen-r"),
        pb("wild-aoife", "2024-07-12 11:11", "Wild yeast from apples &#8211; Aoife Brews", "http://aoifebrews.ie/wild-yeast-apples/",
           "inspired by The Brew Shed's garden yeast hunt, I tried the same with windfall apples"),
        c("wild-priya", "2024-07-14 20:02", "Priya Raman", "https://fermentingwithpriya.wordpress.com/",
          "The rose petal jar smelling of nail varnish made me laugh. Mine did exactly the same."),
        c("wild-russian", "2024-07-16 01:26", "Займы онлайн", "http://xn----7sbbzlcmgkdg8m.top/",
          "Займы онлайн без отказа, деньги на карту за 5 минут.", status="spam"),
        c("wild-ben", "2024-07-21 16:40", "Ben Carter", "https://bencarter.dev/",
          "Have you measured the final gravity? Wild yeast often keeps going for months in the bottle."),
        me("wild-ben-r", "2024-07-22 08:15", "wild-ben", "1.006 and falling slowly, so everything is in plastic bottles for now, just in case."),
        c("wild-gacor", "2024-07-30 04:50", "slot gacor hari ini", "http://777-slots-jackpot.icu/gacor/",
          "slot gacor hari ini gampang menang <a href=\"http://777-slots-jackpot.icu/gacor/\" rel=\"nofollow ugc\">slot gacor</a>"),
    ],

    "cleaning-and-sanitising-what-actually-matters": [
        c("clean-sarah", "2024-08-03 15:10", "Sarah Whitcombe", "https://sarahbrewsathome.blogspot.com/",
          "The scratched siphon! Same story here: three infections and one siphon. Straight in the bin now."),
        c("clean-gwen", "2024-08-04 10:35", "Gwen Lloyd", "https://gwenscellar.cymru/",
          "Mixing the sanitiser with de-ionised water is a good tip, I did not know it lasted longer that way."),
        me("clean-gwen-r", "2024-08-04 12:00", "clean-gwen",
           "Tap-water minerals make it go cloudy and weaker within days. With de-ionised water mine lasts a month."),
        tb("clean-hopnotes", "2024-08-06 09:30", "Hop Notes", "http://hopnotes.net/2024/08/links-of-the-week/",
           "Links of the week: cleaning, kegs and a very big hop stand",
           "The Brew Shed on why you cannot sanitise dirt"),
        c("clean-sister", "2024-08-07 06:06", "Keto Diet Pills", "http://ketoslim-pills.top/", SISTER, status="spam"),
        c("clean-mike", "2024-08-10 19:19", "Mike from Leeds", "",
          "What about stainless fermenters? Is there a reason to use anything other than percarbonate?"),
        me("clean-mike-r", "2024-08-11 08:30", "clean-mike",
           "For stainless an alkaline cleaner is fine, and an acid rinse now and then removes beer stone. Never bleach: it pits steel."),
        pb("clean-scraper", "2024-08-12 03:03", "Cleaning and sanitising: what actually matters | Brewing News Today",
           "http://brewing-news-today.xyz/cleaning-and-sanitising-what-actually-matters/",
           "Source: The Brew Shed. Sanitise everything is the first thing every new brewer hears"),
        c("clean-capt", "2024-08-15 14:44", "Chanel", "http://replica-watch-outlet.shop/", CAPTCHA),
    ],

    "a-quick-kettle-sour": [
        c("sour-hannah", "2024-09-07 20:20", "Hannah Price", "https://hopheadhannah.blogspot.com/",
          "Kettle sours are my favourite summer beer. Have you tried adding salt and coriander for a gose?"),
        me("sour-hannah-r", "2024-09-08 08:00", "sour-hannah", "Not yet, Hannah. That is next summer sorted."),
        pb("sour-juergen", "2024-09-11 19:45", "Sauerbier aus dem Kessel &#8211; Hausbrauer J&uuml;rgen",
           "http://www.hausbrauer-juergen.de/2024/09/sauerbier/",
           "Martin von The Brew Shed nimmt Probiotika-Kapseln mit Lactobacillus plantarum"),
        c("sour-aoife", "2024-09-12 12:48", "Aoife Byrne", "https://aoifebrews.ie/",
          "Which probiotic brand did you use? Some have other strains mixed in."),
        me("sour-aoife-r", "2024-09-12 18:36", "sour-aoife",
           "I will not name the brand, but look for one that lists only L. plantarum, no bifidobacteria."),
        c("sour-essay", "2024-09-14 02:30", "Essay Writer Service", "https://essay-writing-help.online/",
          "Buy essays online cheap, write my essay for me, dissertation help. "
          "<a href=\"https://essay-writing-help.online/\" rel=\"nofollow ugc\">write my essay</a> "
          "<a href=\"https://essay-writing-help.online/dissertation/\" rel=\"nofollow ugc\">dissertation help</a> "
          "<a href=\"https://essay-writing-help.online/cheap/\" rel=\"nofollow ugc\">cheap essays</a>"),
        c("sour-dave", "2024-09-20 17:17", "Dave Okafor", "https://www.okaforbrews.co.uk/",
          "Thirty hours is quick. Mine took three days at 35 degrees, I think my heat belt is weak."),
        c("sour-crypto", "2024-09-29 05:55", "Bitcoin Trading Bot", "https://bit.ly/3Hq8ZtW",
          "Passive income with crypto trading bot! https://bit.ly/3Hq8ZtW", status="spam"),
    ],

    "autumn-brown-ale-for-bonfire-night": [
        c("brown-rob", "2024-10-12 18:04", "Rob Tennant", "",
          "Brown ale is so underrated. Brewing this next weekend, it will be ready just in time."),
        c("brown-sarah", "2024-10-13 10:30", "Sarah Whitcombe", "https://sarahbrewsathome.blogspot.com/",
          "Pale chocolate is a lovely malt. I use it in my mild too."),
        pb("brown-hopnotes", "2024-10-15 08:00", "Bonfire Night beer ideas &#8211; Hop Notes",
           "http://hopnotes.net/2024/10/bonfire-night-beers/", "The Brew Shed's autumn brown ale tops our list this year"),
        c("brown-sam", "2024-10-18 20:55", "Sam Keeling", "",
          "Could I use a US yeast here? It is what I have in the fridge."),
        me("brown-sam-r", "2024-10-19 08:10", "brown-sam",
           "You can, Sam, it will be drier and less fruity: closer to an American brown. Still good."),
        c("brown-praise", "2024-10-22 03:41", "Home Decor Ideas", "https://homedecor-ideas-2024.blogspot.com/",
          "Thanks for the good writeup. It in fact was a amusement account it. Look complex to more delivered agreeable from you!"),
        tb("brown-loans-tb", "2024-10-25 04:10", "Best Payday Loans", "http://best-payday-loans-now.xyz/blog/autumn/",
           "Best Payday Loans", TRACKBACK_TEMPLATE.format(target="{site}/autumn-brown-ale-for-bonfire-night/"),
           status="spam", ip=LOANS_IP),
        c("brown-new", "2024-11-06 21:45", "Nadia", "",
          "We had this at our bonfire last night. Lovely beer, thank you for sharing the recipe.", status="hold"),
    ],
}
