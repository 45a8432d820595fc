"""A fifth labelled set, written blind to the scorer: its rules, lexicon and constructions were
not read while writing it, and no rule has been drawn from it. Its wording was checked against
the earlier sets (labelled.py, blind.py, third.py, fourth.py) with `near` so that it measures
fresh wording rather than paraphrases.

Each row: (text, label, theme, form), as in fourth.py. `label` is positive / negative for clear
comments, mixed-positive / mixed-negative for one whose second clause turns it; `form` is plain,
negated, emoji, hard (sarcasm, rhetorical questions, typos, long comments) or mixed. Many clear
rows carry no generic sentiment word: the complaint or the praise is in what happened. Do not tune
the lexicon on these rows; a later change needs a fresh set to be measured on.
"""

from __future__ import annotations

FIFTH: tuple[tuple[str, str, str, str], ...] = (
    # -- delivery, negative --
    (
        "The tracking page has shown the same depot scan for nine days straight.",
        "negative",
        "delivery",
        "plain",
    ),
    (
        "The driver lobbed the box over my side gate and it landed in the wheelie bin.",
        "negative",
        "delivery",
        "plain",
    ),
    (
        "Ordered a christening gift a fortnight ahead and it came the Monday after the service.",
        "negative",
        "delivery",
        "plain",
    ),
    (
        "My parcel went to a depot 40 miles away, apparently by mistake, and now it's 'on hold'.",
        "negative",
        "delivery",
        "plain",
    ),
    (
        "Opened the bag to find a stranger's shopping and a sack of dog food instead of my stuff.",
        "negative",
        "delivery",
        "plain",
    ),
    ("Eggs smashed, milk leaked all over the bread. Grim.", "negative", "delivery", "plain"),
    ("Delivery slot was 7-9am, the van showed up at half eleven.", "negative", "delivery", "plain"),
    (
        "Third failed delivery attempt this week and I've been in every single day.",
        "negative",
        "delivery",
        "plain",
    ),
    ("Package was left behind a bush at the wrong house number.", "negative", "delivery", "plain"),
    (
        "Marked as delivered at 2:14pm, I was home all afternoon and nobody knocked.",
        "negative",
        "delivery",
        "negated",
    ),
    (
        "Still no sign of my order and its been almost three weeks.",
        "negative",
        "delivery",
        "negated",
    ),
    (
        "The estimated date has passed twice and the parcel isn't even dispatched yet.",
        "negative",
        "delivery",
        "negated",
    ),
    ("where is my parcel 😤😤 ordered on the 3rd", "negative", "delivery", "emoji"),
    ("Couch arrived with a massive gash down the side 😭", "negative", "delivery", "emoji"),
    ("6 days for 'next day delivery' 🤡", "negative", "delivery", "emoji"),
    (
        "Great job leaving my parcel on the doormat in a thunderstorm, the cardboard is now "
        "papier-mâché.",
        "negative",
        "delivery",
        "hard",
    ),
    (
        "Is 'dispatched' just a word you put on the order page to calm people down? It's been ten "
        "days.",
        "negative",
        "delivery",
        "hard",
    ),
    (
        "Ordered a fridge freezer, booked a day off work for the delivery, waited in from 7am till "
        "6pm. At 5:50 I get a text saying the van has 'run out of time' and they'll rebook me next "
        "week. Next week I'm at work. Now I have to take another day off and I've been offered "
        "nothing for the first one.",
        "negative",
        "delivery",
        "hard",
    ),
    # -- delivery, positive --
    (
        "Clicked buy on Sunday evening, unwrapping it before my Monday coffee.",
        "positive",
        "delivery",
        "plain",
    ),
    (
        "Driver rang ahead and helped carry the washing machine down to the basement.",
        "positive",
        "delivery",
        "plain",
    ),
    (
        "Plates were packed in honeycomb paper and all eight survived the trip.",
        "positive",
        "delivery",
        "plain",
    ),
    (
        "Delivered to the locker at the station, grabbed it on the way home, so easy.",
        "positive",
        "delivery",
        "plain",
    ),
    (
        "Love the live map, I could see the van was two stops away and put the kettle on.",
        "positive",
        "delivery",
        "plain",
    ),
    (
        "Arrived two days earlier than the estimate, perfect timing for the weekend.",
        "positive",
        "delivery",
        "plain",
    ),
    (
        "The delivery guy was super polite and tucked the box in the porch out of the rain.",
        "positive",
        "delivery",
        "plain",
    ),
    (
        "Shipped to Canada in four days with tracking the whole way. Great service.",
        "positive",
        "delivery",
        "plain",
    ),
    (
        "Flowers arrived fresh and beautifully wrapped, my mum was thrilled.",
        "positive",
        "delivery",
        "plain",
    ),
    ("Not one crushed box in six months of weekly orders.", "positive", "delivery", "negated"),
    (
        "In two years of fortnightly orders the van hasn't been late a single time.",
        "positive",
        "delivery",
        "negated",
    ),
    (
        "Didn't think the sofa would fit through our door but the two lads managed it without a "
        "mark on the walls.",
        "positive",
        "delivery",
        "negated",
    ),
    ("Ordered it at breakfast, wearing it by dinner 🙌📦", "positive", "delivery", "emoji"),
    ("The driver even waved 😄 quick and painless", "positive", "delivery", "emoji"),
    ("The fish box was still icy cold on arrival 👌🐟", "positive", "delivery", "emoji"),
    ("How is it already here? I only ordered it last night.", "positive", "delivery", "hard"),
    (
        "Other shops could learn a thing or two from whoever runs your warehouse.",
        "positive",
        "delivery",
        "hard",
    ),
    (
        "After a bad experience with another shop I was nervous ordering a mirror online. This one "
        "came in a wooden crate with foam corners, the driver checked it with me on the doorstep, "
        "and it's now hanging in the hall without a single chip. Will be ordering the matching "
        "one.",
        "positive",
        "delivery",
        "hard",
    ),
    # -- payment, negative --
    ("Ordered a £12 top and £120 came out of my account.", "negative", "payment", "plain"),
    (
        "Returned the jacket on the 2nd of May, the £85 is nowhere to be seen.",
        "negative",
        "payment",
        "plain",
    ),
    (
        "Apple Pay fails at the last step every time, so I have to type the card in by hand.",
        "negative",
        "payment",
        "plain",
    ),
    (
        "The total at checkout was £7 more than the basket because of a 'service charge'.",
        "negative",
        "payment",
        "plain",
    ),
    (
        "Cancelled my subscription in March and you billed me again in April.",
        "negative",
        "payment",
        "plain",
    ),
    (
        "The voucher code was rejected as expired the day after you emailed it to me.",
        "negative",
        "payment",
        "plain",
    ),
    (
        "Card declined on your site, went through fine everywhere else that day.",
        "negative",
        "payment",
        "plain",
    ),
    (
        "The refund was £20 short because you kept the original shipping without telling me.",
        "negative",
        "payment",
        "plain",
    ),
    (
        "Got hit with a pending hold for the full amount on top of the actual charge, so I went "
        "overdrawn.",
        "negative",
        "payment",
        "plain",
    ),
    (
        "Paid by PayPal and the order never appeared in my account.",
        "negative",
        "payment",
        "negated",
    ),
    (
        "Can't set a different default card, it always picks the one I've frozen.",
        "negative",
        "payment",
        "negated",
    ),
    (
        "The gift card balance isn't applied, it just charges my card for the whole thing.",
        "negative",
        "payment",
        "negated",
    ),
    ("double charged AGAIN 😡", "negative", "payment", "emoji"),
    (
        "Refund 'processed' 3 weeks ago... bank says nothing's coming 🙃",
        "negative",
        "payment",
        "emoji",
    ),
    ("Booking fee, card fee, 'handling' fee 🤬", "negative", "payment", "emoji"),
    (
        "Funny how the charge goes through in a second and the refund takes a month.",
        "negative",
        "payment",
        "hard",
    ),
    (
        "Why do I need to ring my bank to get money back for an order YOU cancelled?",
        "negative",
        "payment",
        "hard",
    ),
    (
        "I placed the order, got the confirmation email and the money left my account. Two days "
        "later an email says the payment 'could not be verified' and the order is cancelled. The "
        "money is still gone, the order is gone, and the help page just tells me to wait 5-10 "
        "working days. That's my rent money.",
        "negative",
        "payment",
        "hard",
    ),
    # -- payment, positive --
    (
        "Dropped the return at the post office at noon, refund email by teatime.",
        "positive",
        "payment",
        "plain",
    ),
    (
        "The pay-later option let me get the cot before payday, interest free.",
        "positive",
        "payment",
        "plain",
    ),
    ("Checkout remembered my card and I was done in seconds.", "positive", "payment", "plain"),
    (
        "Your accounts team emailed to say I'd overpaid by £4 and sent it back.",
        "positive",
        "payment",
        "plain",
    ),
    ("PayPal works perfectly, order confirmed instantly.", "positive", "payment", "plain"),
    (
        "The receipt breaks down the VAT properly, which makes my expenses easy.",
        "positive",
        "payment",
        "plain",
    ),
    (
        "Gift card and voucher stacked together at checkout, brilliant.",
        "positive",
        "payment",
        "plain",
    ),
    ("Paying with my watch at the checkout is dead handy.", "positive", "payment", "plain"),
    (
        "Refunded in full for the damaged vase, straight back onto my card.",
        "positive",
        "payment",
        "plain",
    ),
    (
        "No fuss getting my money back, clicked return and it was sorted.",
        "positive",
        "payment",
        "negated",
    ),
    (
        "The checkout hasn't failed me once, even on dodgy hotel wifi.",
        "positive",
        "payment",
        "negated",
    ),
    (
        "Didn't need to send a single follow-up email about my money.",
        "positive",
        "payment",
        "negated",
    ),
    ("Cashback credited exactly when promised 💸👍", "positive", "payment", "emoji"),
    ("Topped up my gift card in seconds 😌", "positive", "payment", "emoji"),
    ("Bank app just pinged with the refund 🥳 that was fast", "positive", "payment", "emoji"),
    (
        "honestly didnt think id see that money agian but it was back in my acount in 2 days lol",
        "positive",
        "payment",
        "hard",
    ),
    (
        "Is it normal for a refund to arrive before the return is even scanned? Because that's "
        "what happened and I'm not complaining.",
        "positive",
        "payment",
        "hard",
    ),
    (
        "My card got cloned and a couple of orders were placed on my account. I emailed on a "
        "Sunday night; by Monday morning both orders were cancelled, the money was back on my "
        "card, and they'd reset my login and sent me instructions for two-factor. Couldn't have "
        "asked for a better response.",
        "positive",
        "payment",
        "hard",
    ),
    # -- app, negative --
    ("Opening the basket shuts the whole app down.", "negative", "app", "plain"),
    ("Search results spin forever on the new version.", "negative", "app", "plain"),
    (
        "Logged out randomly every couple of days and have to reset my password again.",
        "negative",
        "app",
        "plain",
    ),
    ("I get pinged with a 'deal' about every two hours, even at 6am.", "negative", "app", "plain"),
    ("Half a minute staring at the splash logo on a brand new phone.", "negative", "app", "plain"),
    (
        "The size filter ignores my selection and shows everything in XS.",
        "negative",
        "app",
        "plain",
    ),
    ("Dark mode makes half the text invisible.", "negative", "app", "plain"),
    ("The barcode scanner just shows a black screen.", "negative", "app", "plain"),
    (
        "Added stuff to my basket on the app and it vanished on the website.",
        "negative",
        "app",
        "plain",
    ),
    ("The 'track order' button doesn't do anything when I tap it.", "negative", "app", "negated"),
    (
        "Can't log in with Face ID since the update, it just loops back to the start.",
        "negative",
        "app",
        "negated",
    ),
    ("Promo codes won't apply in the app, only on desktop.", "negative", "app", "negated"),
    ("crashed 4 times trying to checkout 🤦‍♀️", "negative", "app", "emoji"),
    ("redesign turned every icon grey and identical 😖", "negative", "app", "emoji"),
    ("App locks up on the payment screen 😫", "negative", "app", "emoji"),
    (
        "Great, another update that moves every button I'd finally learned.",
        "negative",
        "app",
        "hard",
    ),
    (
        "Does anyone at your company actually use this app on an Android phone?",
        "negative",
        "app",
        "hard",
    ),
    (
        "I've been trying to change my delivery address in the app for twenty minutes. The 'edit' "
        "link takes me to a blank page, going back logs me out, logging back in empties my basket, "
        "and the one time I got to the address form the postcode lookup returned 'error 500'. Gave "
        "up, uninstalled.",
        "negative",
        "app",
        "hard",
    ),
    # -- app, positive --
    (
        "The app is quick, tidy and I can find anything in a couple of taps.",
        "positive",
        "app",
        "plain",
    ),
    (
        "Love the wish list alerts when something I saved drops in price.",
        "positive",
        "app",
        "plain",
    ),
    ("Reordering my usual shop takes about ten seconds now.", "positive", "app", "plain"),
    ("Really easy to book a return straight from the order page.", "positive", "app", "plain"),
    (
        "The AR view showed exactly how the armchair would look in my lounge.",
        "positive",
        "app",
        "plain",
    ),
    ("Search copes with typos, typed 'jumpr' and got jumpers.", "positive", "app", "plain"),
    ("Latest update made the app noticeably faster, nice work.", "positive", "app", "plain"),
    (
        "The in-store scan feature finds the product and the price instantly.",
        "positive",
        "app",
        "plain",
    ),
    ("Order tracking in the app is clear and updates in real time.", "positive", "app", "plain"),
    (
        "Haven't needed the website since the app came out, it covers everything.",
        "positive",
        "app",
        "negated",
    ),
    ("No need to log in every time, it just remembers me.", "positive", "app", "negated"),
    (
        "Never thought I'd say this about a shopping app, it's actually pleasant to use.",
        "positive",
        "app",
        "negated",
    ),
    ("smooth as butter 🧈 scrolling the catalogue", "positive", "app", "emoji"),
    ("That new outfit builder 🔥🔥", "positive", "app", "emoji"),
    ("So easy to use 😍 even my dad manages", "positive", "app", "emoji"),
    ("Five stars, and I don't give five stars.", "positive", "app", "hard"),
    ("Why can't every shop's app be this simple?", "positive", "app", "hard"),
    (
        "I run a small café and order supplies through the app most mornings. It remembers my "
        "regular list, lets me tweak quantities quickly, shows what's out of stock before I check "
        "out rather than after, and the delivery slot picker shows real availability. Saves me a "
        "good half hour a week.",
        "positive",
        "app",
        "hard",
    ),
    # -- price, negative --
    (
        "Minimum spend for free delivery went from £25 to £50 overnight.",
        "negative",
        "price",
        "plain",
    ),
    ("Paid full price on Monday, it was half price by Friday.", "negative", "price", "plain"),
    ("Your 'clearance' tag saves 50p on a £40 coat.", "negative", "price", "plain"),
    ("Paid restaurant prices for a takeaway that fit in one hand.", "negative", "price", "plain"),
    (
        "The yoghurt went from £1.20 to £1.85 in a year and the pot got smaller.",
        "negative",
        "price",
        "plain",
    ),
    (
        "$30 for a plastic keyring that feels like it came out of a cracker.",
        "negative",
        "price",
        "plain",
    ),
    ("Same shampoo is £3 cheaper at the chemist round the corner.", "negative", "price", "plain"),
    ("Membership fee doubled with barely any warning.", "negative", "price", "plain"),
    (
        "Plus sizes cost £5 more for the exact same dress, which is shameful.",
        "negative",
        "price",
        "plain",
    ),
    ("Not worth anywhere near what I paid.", "negative", "price", "negated"),
    ("No way this is worth £90.", "negative", "price", "negated"),
    ("The 'discount' didn't take anything off the total.", "negative", "price", "negated"),
    ("A sandwich and a coffee came to £11 😳", "negative", "price", "emoji"),
    ("weekly shop total has gone mental 📈😬", "negative", "price", "emoji"),
    ("Rip off 💸💸", "negative", "price", "emoji"),
    ("Love how the 'was' price was never actually the price.", "negative", "price", "hard"),
    (
        "Who decided a basic charger should cost more than the phone case?",
        "negative",
        "price",
        "hard",
    ),
    (
        "We've shopped here for years as a family of five. The weekly shop has gone from about "
        "£110 to nearly £160 for the same list, and the multibuys have quietly disappeared. I now "
        "do half of it at the discounter down the road and can't see a reason to come back.",
        "negative",
        "price",
        "hard",
    ),
    # -- price, positive --
    ("Cheapest place for nappies by a mile.", "positive", "price", "plain"),
    ("Great prices, especially the own-label cleaning stuff.", "positive", "price", "plain"),
    (
        "Showed them a cheaper listing on my phone and they knocked it down there and then.",
        "positive",
        "price",
        "plain",
    ),
    (
        "Got two pairs of boots in the sale for the price of one elsewhere.",
        "positive",
        "price",
        "plain",
    ),
    ("Free delivery over £20 is a really fair threshold.", "positive", "price", "plain"),
    ("Student discount saved me a tenner, cheers.", "positive", "price", "plain"),
    (
        "Honestly good value for the quality, the towels are thick and soft.",
        "positive",
        "price",
        "plain",
    ),
    (
        "Bought the refurbished laptop for about half the new price and it works like new.",
        "positive",
        "price",
        "plain",
    ),
    ("Their meal deal is the best value lunch around.", "positive", "price", "plain"),
    ("Didn't expect it to be this cheap for real wool.", "positive", "price", "negated"),
    ("No hidden charges, what you see is what you pay.", "positive", "price", "negated"),
    (
        "Never found it cheaper anywhere else, and believe me I've looked.",
        "positive",
        "price",
        "negated",
    ),
    ("bargain 🤑 got the whole lot for under £20", "positive", "price", "emoji"),
    ("Winter coat for £25 in the January sale 🙌💰", "positive", "price", "emoji"),
    ("Kids' school uniform for under a tenner 😊👍", "positive", "price", "emoji"),
    (
        "My partner asked how much I'd spent and for once I wasn't embarrassed to tell him.",
        "positive",
        "price",
        "hard",
    ),
    (
        "How are you this cheap and still making money? Not that I'm complaining.",
        "positive",
        "price",
        "hard",
    ),
    (
        "I compared the same basket of twenty things across three supermarkets' websites for a "
        "month because money is tight. You came out cheapest every single week, by £6 to £11, and "
        "the delivery pass means I'm not paying extra to have it brought to my door. That's real "
        "money for us.",
        "positive",
        "price",
        "hard",
    ),
    # -- support, negative --
    (
        "Pressed option 3 four times and ended up back at the main menu.",
        "negative",
        "support",
        "plain",
    ),
    (
        "The virtual assistant replies 'Sorry, can you rephrase?' to literally everything.",
        "negative",
        "support",
        "plain",
    ),
    (
        "Sent a photo of the broken kettle and got a survey asking how satisfied I was.",
        "negative",
        "support",
        "plain",
    ),
    (
        "Booked a callback slot for 2pm Friday. The phone never rang.",
        "negative",
        "support",
        "negated",
    ),
    (
        "Asked for photos of the damage, then a video, then the original box. Feels like they're "
        "stalling.",
        "negative",
        "support",
        "plain",
    ),
    (
        "Got an email saying my case was 'resolved'. The blender is still sat broken on my "
        "counter.",
        "negative",
        "support",
        "plain",
    ),
    (
        "Rude on the phone and hung up on me when I asked for a manager.",
        "negative",
        "support",
        "plain",
    ),
    (
        "Every reply is from a different person who asks me to explain it all again.",
        "negative",
        "support",
        "plain",
    ),
    ("They're only open 9 to 5 on weekdays, useless if you work.", "negative", "support", "plain"),
    ("Nobody has answered my email in eleven days.", "negative", "support", "negated"),
    ("The live chat queue never moves past position 1.", "negative", "support", "negated"),
    ("Three agents gave me three different return policies.", "negative", "support", "plain"),
    ("45 mins listening to hold music 🎵😤", "negative", "support", "emoji"),
    ("Ticket #88213 still open 😒 nobody cares", "negative", "support", "emoji"),
    ("Customer service? more like customer ignore 👎", "negative", "support", "emoji"),
    (
        "Thanks for the lovely automated email telling me my complaint matters to you.",
        "negative",
        "support",
        "hard",
    ),
    (
        "Is there actually a human anywhere in your customer service department?",
        "negative",
        "support",
        "hard",
    ),
    (
        "My order arrived with the wrong item. I reported it on day one with photos. I was told a "
        "courier would collect it; no courier came. I reported that and was told to post it myself "
        "and keep the receipt. I did; now they say they need the tracking number, which I sent in "
        "the same email. Three weeks on I have neither the item I paid for nor my money.",
        "negative",
        "support",
        "hard",
    ),
    # -- support, positive --
    (
        "The advisor stayed on the line until my new login actually worked.",
        "positive",
        "support",
        "plain",
    ),
    (
        "Anjali on live chat was brilliant, patient and really clear.",
        "positive",
        "support",
        "plain",
    ),
    (
        "They sent a new charger out the same day I reported the fault.",
        "positive",
        "support",
        "plain",
    ),
    (
        "Very helpful lady on the phone, explained everything and emailed me a summary.",
        "positive",
        "support",
        "plain",
    ),
    ("Got a proper written reply to my complaint within the hour.", "positive", "support", "plain"),
    (
        "The store manager called me personally to apologise and put it right.",
        "positive",
        "support",
        "plain",
    ),
    (
        "Support talked me through resetting the router and it's worked fine since.",
        "positive",
        "support",
        "plain",
    ),
    (
        "Quick, friendly and they actually solved the problem first time.",
        "positive",
        "support",
        "plain",
    ),
    (
        "Dylan sorted the warranty claim even though I'd lost the receipt.",
        "positive",
        "support",
        "plain",
    ),
    (
        "No hold music marathon, just a quick answer from a real person.",
        "positive",
        "support",
        "negated",
    ),
    ("Swapped on the spot, not a single form to fill in.", "positive", "support", "negated"),
    ("Never been treated so kindly by a call centre.", "positive", "support", "negated"),
    ("Thank you Tomasz 🙏 you saved my holiday", "positive", "support", "emoji"),
    ("these guys answer faster than my own family 💯", "positive", "support", "emoji"),
    ("Problem gone after one quick chat 😃", "positive", "support", "emoji"),
    (
        "I rang expecting to be fobbed off and ended up with a refund and a discount code.",
        "positive",
        "support",
        "hard",
    ),
    ("Who trained your support staff? Give them a pay rise.", "positive", "support", "hard"),
    (
        "My dad had ordered the wrong hearing aid batteries and couldn't work out the returns "
        "page. I rang on his behalf expecting a long process. The woman I spoke to had the correct "
        "ones sent that afternoon, told us to keep the wrong pack for a neighbour, and emailed to "
        "check they'd arrived. Lovely, lovely service.",
        "positive",
        "support",
        "hard",
    ),
    # -- mixed: the clause after 'but' or 'however' decides the label --
    (
        "The van came a day after the slot, but every jar arrived intact.",
        "mixed-positive",
        "delivery",
        "mixed",
    ),
    (
        "Quick delivery, but the box was soaked through and the book inside is warped.",
        "mixed-negative",
        "delivery",
        "mixed",
    ),
    (
        "The driver was lovely, however he drove off with half my order still in the van.",
        "mixed-negative",
        "delivery",
        "mixed",
    ),
    (
        "Loved the first order, however the second one came with a leaking bottle of bleach.",
        "mixed-negative",
        "delivery",
        "mixed",
    ),
    ("Not the cheapest, but delivery is always spot on.", "mixed-positive", "delivery", "mixed"),
    (
        "The payment page errored and took my money twice, but they refunded the duplicate within "
        "an hour.",
        "mixed-positive",
        "payment",
        "mixed",
    ),
    (
        "Checkout is quick, but it keeps defaulting to an old card I don't use.",
        "mixed-negative",
        "payment",
        "mixed",
    ),
    (
        "The refund took longer than I'd like, but it was the full amount including postage.",
        "mixed-positive",
        "payment",
        "mixed",
    ),
    (
        "Love the new look, but the app now eats through my data allowance.",
        "mixed-negative",
        "app",
        "mixed",
    ),
    (
        "The app crashed twice last week, but the latest update seems to have fixed it.",
        "mixed-positive",
        "app",
        "mixed",
    ),
    (
        "Easy to browse, however the search results are mostly irrelevant.",
        "mixed-negative",
        "app",
        "mixed",
    ),
    (
        "The app looks dated, but it does everything I need without fuss.",
        "mixed-positive",
        "app",
        "mixed",
    ),
    (
        "Costs a few quid more than the supermarket version, but it lasts three times as long.",
        "mixed-positive",
        "price",
        "mixed",
    ),
    ("Cheap, but it fell apart after two washes.", "mixed-negative", "price", "mixed"),
    (
        "Sale prices looked great, however the discount vanished when I got to checkout.",
        "mixed-negative",
        "price",
        "mixed",
    ),
    (
        "Took ages to get through, but once I did the agent sorted everything.",
        "mixed-positive",
        "support",
        "mixed",
    ),
    (
        "The agent was polite, but nothing has actually happened since the call.",
        "mixed-negative",
        "support",
        "mixed",
    ),
    (
        "Support were slow to reply, however they gave me a full refund and a voucher.",
        "mixed-positive",
        "support",
        "mixed",
    ),
    (
        "Great products, but customer service is impossible to reach.",
        "mixed-negative",
        "support",
        "mixed",
    ),
    ("Gorgeous fabrics, but the sizing is a lottery.", "mixed-negative", "general", "mixed"),
)
