"""The demo round's content: a realistic emotional wellbeing round, with invented organisations."""

from typing import TypedDict

ROUND = {
    "title": "Young people's emotional wellbeing services 2027",
    "purpose": (
        "Easthaven Council has £1.4 million to spend on services that help young people aged 10 to 25 "
        "feel better and get support early. The panel reads the bids, scores them and agrees which ones to fund."
    ),
    "in_scope": (
        "Which bids get money, how much each one gets, and any conditions we attach. "
        "The panel's recommendation goes to the council, and if the council decides differently it must tell you why."
    ),
    "out_of_scope": (
        "The total budget of £1.4 million, the council's own services, and the rules every funded group must follow "
        "(for example keeping young people safe)."
    ),
}

# (title, question, guidance, weight, descriptors for 0..4)
CRITERIA = [
    (
        "Meets young people's needs",
        "Will this help young people in Easthaven with how they feel?",
        "Look for what the bid says young people need, and how the service answers that.",
        25,
        [
            "The bid doesn't say what young people need.",
            "It talks about needs, but doesn't show the service will help.",
            "It meets some needs, with a little evidence.",
            "It clearly meets real needs, with good evidence.",
            "It clearly meets real needs, with strong evidence from young people themselves.",
        ],
    ),
    (
        "Young people involved",
        "Did young people help plan this, and will they help run it?",
        "Look for young people's ideas shaping the service, not just being asked at the end.",
        20,
        [
            "Young people were not involved.",
            "Young people were asked once, but it's not clear anything changed.",
            "Young people helped plan some parts.",
            "Young people helped plan it and will help run it.",
            "Young people lead parts of it, with support and training.",
        ],
    ),
    (
        "Easy to reach",
        "Can every young person get to it and use it, including those who often miss out?",
        "Think about cost, travel, opening times, disability, language and feeling welcome.",
        15,
        [
            "The bid doesn't say how young people will reach it.",
            "Only some young people could easily use it.",
            "Most young people could use it, with a few gaps.",
            "It is easy to reach, with a clear plan for groups who often miss out.",
            "It goes out to young people who often miss out, and removes the barriers they face.",
        ],
    ),
    (
        "Safe and well run",
        "Will young people be safe, and can this group run the service well?",
        "Look for safeguarding, trained staff, and a group that has done this kind of work before.",
        15,
        [
            "The bid doesn't say how young people will be kept safe.",
            "Safety is mentioned, but the plan is weak.",
            "There is a safety plan and some experience.",
            "Good safety plan, trained staff and relevant experience.",
            "Excellent safety plan, and a strong record of running services like this.",
        ],
    ),
    (
        "Value for money",
        "Is the cost fair for what young people will get?",
        "Compare the amount asked for with how many young people it helps and how much.",
        15,
        [
            "The bid doesn't explain the costs.",
            "The cost seems high for what young people get.",
            "The cost is about right.",
            "Good value: many young people get real help for the money.",
            "Excellent value, and it brings in other money or help too.",
        ],
    ),
    (
        "Shows what difference it makes",
        "Will they check the service is helping, and change it if it isn't?",
        "Look for how they will ask young people what is working, and what they will do with the answers.",
        10,
        [
            "No plan to check if it helps.",
            "They will count how many come, but not how it helps.",
            "They will check some results.",
            "A clear plan to check results with young people's feedback.",
            "A clear plan, with young people helping to judge the results and change the service.",
        ],
    ),
]

# (reference, organisation, title, amount in pounds, summary)
BIDS = [
    (
        "EH-01",
        "Open Door Youth Counselling",
        "Free counselling in six secondary schools",
        320_000,
        "Trained counsellors in six schools, two days a week each, with evening sessions in the holidays.",
    ),
    (
        "EH-02",
        "Beat the Blues Peer Mentors CIC",
        "Peer mentors for 11 to 16 year olds",
        185_000,
        "Older young people trained as mentors meet younger ones weekly for a year.",
    ),
    (
        "EH-03",
        "The Hub on Mill Street",
        "A place to go: evening drop-in",
        240_000,
        "A warm, free space open four evenings a week, with youth workers and a quiet room. Business plan attached.",
    ),
    (
        "EH-04",
        "Newshounds Media Collective",
        "Young reporters on wellbeing",
        95_500,
        "Young people make podcasts and short films about mental health for other young people.",
    ),
    (
        "EH-05",
        "Parents Together Easthaven",
        "Support for parents of teenagers",
        150_000,
        "Groups and one-to-one help for parents who are worried about their teenager.",
    ),
    (
        "EH-06",
        "Active Minds Sports Trust",
        "Sport and talk sessions",
        210_000,
        "Football, boxing and dance sessions that end with a group chat led by a youth worker.",
    ),
    (
        "EH-07",
        "Citywide Health Partnership",
        "An all-in-one wellbeing centre",
        1_650_000,
        "A new centre bringing counselling, health checks and youth work under one roof. Asks for more than the budget.",
    ),
    (
        "EH-08",
        "Rainbow Roots LGBTQ+ Youth",
        "A safe group for LGBTQ+ young people",
        72_000,
        "Weekly group, online chat and one-to-one support for LGBTQ+ young people aged 12 to 25.",
    ),
]

# The commissioner's summary of each bid for young readers (grade 6 or below), shown before what the group wrote.
PLAIN_SUMMARIES = {
    "EH-01": "A counsellor would be in six schools, two days a week. You could talk to them for free. "
    "In the holidays there would be evening times too.",
    "EH-02": "Older young people would learn how to be mentors. Each one would meet a younger person "
    "once a week for a year, to talk and help.",
    "EH-03": "A free place to go four evenings a week. It has youth workers to talk to and a quiet room. "
    "It is warm and you can just drop in.",
    "EH-04": "Young people would make podcasts and short films about how we feel. "
    "Other young people would watch and hear them.",
    "EH-05": "Help for parents who are worried about their teen. They could join a group or get help on their own.",
    "EH-06": "Football, boxing and dance. At the end of each session, a youth worker leads a chat about how "
    "you feel.",
    "EH-07": "A new building with help for your mind and body in one place. It costs more money than the "
    "panel has to give.",
    "EH-08": "A safe group for LGBTQ+ young people aged 12 to 25. It meets each week. There is also an "
    "online chat and help one to one.",
}

DOCUMENT_BID = "EH-03"
DOCUMENT_NAME = "The Hub - business plan.pdf"

PASSWORD = "panel-demo-2027"

# (username, display name, commissioner?)
COMMISSIONER = ("commissioner", "Sam Patel", True)
# An adult with the safeguarding role, named on every demo round: reads the worries panel members raise.
SAFEGUARDING_LEAD = ("safeguarding", "Priya Shah")
# (username, display name, role, kind, age band)
MEMBERS = [
    ("chair", "Jordan Lee", "chair", "adult", None),
    ("aisha", "Aisha", "panellist", "young", "10-13"),
    ("ben", "Ben", "panellist", "young", "14-16"),
    ("chloe", "Chloe", "panellist", "young", "14-16"),
    ("dev", "Dev", "panellist", "young", "17-19"),
    ("ella", "Ella", "panellist", "young", "17-19"),
    ("finn", "Finn", "panellist", "young", "20-25"),
    ("grace", "Grace", "panellist", "young", "20-25"),
    ("helen", "Helen Okafor", "panellist", "adult", None),
    ("ian", "Ian Murray", "panellist", "adult", None),
    ("joy", "Joy Campbell", "panellist", "adult", None),
]

# (username, bid reference, note)
CONFLICTS = [
    ("ian", "EH-05", "I volunteer with Parents Together."),
    ("ella", "EH-06", "I go to their boxing sessions."),
]

# A young person still to join: their card's code is printed once, when the demo is first made.
INVITEE = ("Kai", "14-16")

# Where each demo member is with training: "done", "in person", a number of steps read, or "quiz" (every step read
# and the quiz passed, practice bid still to do). Ben has not started.
TRAINING = {
    "chair": "done",
    "aisha": "done",
    "dev": "done",
    "finn": "done",
    "helen": "done",
    "joy": "done",
    "chloe": 3,
    "grace": 2,
    "ella": "quiz",
    "ian": "in person",
    "ben": 0,
}

# The second round: scored and ready for its meeting.
ROUND_TWO = {
    "title": "Youth voice small grants 2027",
    "purpose": (
        "Easthaven Council has £250,000 for small projects that young people run or shape themselves. "
        "The panel has scored the bids on their own and will meet to agree which ones to fund."
    ),
    "in_scope": "Which bids get a grant, how much each one gets, and any conditions we attach.",
    "out_of_scope": "The total of £250,000, and the rules every funded group must follow (for example keeping "
    "young people safe).",
}

# (title, question, guidance, weight, descriptors for 1..5)
CRITERIA_TWO = [
    (
        "Young people lead it",
        "Do young people make the decisions in this project?",
        "Look for young people choosing what happens, not just taking part.",
        35,
        [
            "Adults make all the decisions.",
            "Young people are asked, but adults decide.",
            "Young people decide some things.",
            "Young people decide most things, with adult support.",
            "Young people run it, from the idea to the end.",
        ],
    ),
    (
        "Makes a difference here",
        "Will it make Easthaven better for young people?",
        "Think about how many young people it reaches and how much it changes for them.",
        25,
        [
            "It won't change much for young people here.",
            "It helps a few young people a little.",
            "It helps some young people in a real way.",
            "It helps many young people in a real way.",
            "It makes a big, lasting difference for many young people.",
        ],
    ),
    (
        "A plan that can work",
        "Can they really do what they say, on time?",
        "Look for clear steps, the right people, permissions they need, and what they do if things go wrong.",
        20,
        [
            "There is no real plan.",
            "The plan has big gaps.",
            "The plan could work, with some gaps.",
            "A clear plan with the right people.",
            "A clear plan, the right people, and a backup if things go wrong.",
        ],
    ),
    (
        "Good use of the money",
        "Is the amount fair for what young people get?",
        "Compare the cost with what it pays for and how many young people it helps.",
        20,
        [
            "The costs are not explained.",
            "It costs a lot for what young people get.",
            "The cost is about right.",
            "Good value for the money.",
            "Excellent value, and it brings in other money or help too.",
        ],
    ),
]

# (reference, organisation, title, amount in pounds, summary,
#  young people's usual scores, adults' usual scores (one per criterion, 1..5),
#  young people's words, adults' words: a comment per criterion, then strengths, concerns, questions)
BIDS_TWO = [
    (
        "YV-01",
        "Easthaven Youth Council",
        "A youth-run podcast studio",
        38_000,
        "Young people build and run a small studio in the youth centre, and train others to make podcasts.",
        [5, 4, 4, 4],
        [4, 3, 4, 4],
        (
            "Young people came up with it and will run it.",
            "Lots of people my age would use it.",
            "They already made a test episode.",
            "Fair for the equipment.",
            "Run by young people from the start.",
            "What happens when the first group leave?",
            "Who trains the next group?",
        ),
        (
            "A genuinely youth-led idea.",
            "Reach depends on who hears about it.",
            "Sensible timeline.",
            "Reasonable equipment costs.",
            "Strong youth ownership and a clear plan.",
            "Reach beyond the youth council is unclear.",
            "How will you reach young people who are not already involved?",
        ),
    ),
    (
        "YV-02",
        "Northfield Skate Crew",
        "Rebuild the Northfield skate park",
        95_000,
        "Skaters designed a new park with a builder; the old one is closed because it is unsafe.",
        [5, 5, 3, 4],
        [3, 2, 2, 2],
        (
            "The skaters drew the designs themselves.",
            "Everyone in Northfield goes there. It's the only place.",
            "They have a builder already.",
            "Parks cost a lot but this one gets used every day.",
            "Young people designed it and really need it.",
            "It might not be finished by summer.",
            "When would it open?",
        ),
        (
            "Some design input from skaters.",
            "Benefits a fairly small group of regular users.",
            "No planning permission yet and no maintenance plan.",
            "A large share of the budget for one site.",
            "Real enthusiasm from local young people.",
            "No planning permission, and who maintains it afterwards?",
            "Has the council's parks team agreed to take it on?",
        ),
    ),
    (
        "YV-03",
        "Easthaven Library Service",
        "Homework club with tablets",
        42_000,
        "Library staff run an after-school homework club three days a week, with tablets to borrow.",
        [1, 2, 4, 3],
        [4, 4, 5, 4],
        (
            "Adults planned it all. Nobody asked us.",
            "It's like school again after school.",
            "The library already runs clubs.",
            "The tablets are useful.",
            "Warm place with wifi.",
            "Young people didn't help plan it.",
            "Could young people choose what the club does?",
        ),
        (
            "Staff consulted pupils at two schools.",
            "Clear evidence that homework support helps attainment.",
            "Experienced staff and an existing venue.",
            "Good value, tablets reused across years.",
            "Reliable provider with a strong track record.",
            "Limited youth voice in the design.",
            "How will young people shape the club once it starts?",
        ),
    ),
    (
        "YV-04",
        "Code Club Easthaven",
        "Coding club for girls aged 11 to 16",
        28_500,
        "Girls who learned to code run weekly sessions for younger girls, with a volunteer developer.",
        [4, 4, 4, 5],
        [4, 4, 4, 4],
        (
            "Older girls run the sessions.",
            "My sister would go.",
            "They have laptops and a room.",
            "Cheap for what it does.",
            "Older girls teach younger ones.",
            "Only on one evening a week.",
            "Could boys who want to join have their own session?",
        ),
        (
            "Peer-led with adult support.",
            "Addresses a real gap for girls in tech.",
            "Well-organised pilot already ran.",
            "Very good value.",
            "Peer-led, low-cost and already tested.",
            "Relies on one volunteer developer.",
            "What happens if the volunteer leaves?",
        ),
    ),
    (
        "YV-05",
        "Harbour Arts CIC",
        "Street art on the seafront",
        61_000,
        "Young artists paint large murals on the seafront walls, chosen by a public vote of young people.",
        [5, 5, 3, 3],
        [3, 2, 2, 3],
        (
            "Young people pick the designs and paint them.",
            "Everyone would see it. It makes the seafront ours.",
            "They need permission for the walls.",
            "Paint and scaffolding are expensive.",
            "Young people's art where everyone can see it.",
            "Permission for the walls isn't sorted.",
            "Which walls have you asked about?",
        ),
        (
            "Youth vote on designs is good.",
            "Visible, but a lasting difference is hard to see.",
            "Wall owners have not agreed yet.",
            "Scaffolding costs look high.",
            "Visible and popular with young people.",
            "Permissions missing; could be vandalised.",
            "Do you have written agreement from the wall owners?",
        ),
    ),
]

# (username, bid reference, note)
CONFLICTS_TWO = [("ella", "YV-05", "I painted a mural with Harbour Arts last summer.")]

# Small differences between members, so no two sheets are the same (added to the usual scores, kept on the scale).
NUDGES = [0, 1, -1, 0, 0]

# (username, bid reference, criterion position, comment): "I can't judge this".
CANT_JUDGE_TWO = [("aisha", "YV-02", 3, "I don't know how much a skate park costs.")]

# (username, bid reference, how many criteria are scored so far): the one sheet not sent yet.
IN_PROGRESS_TWO = ("ben", "YV-05", 2)

# The third round: an earlier one, all done. Scored, met, decided, and the decisions fed back to the panel.
ROUND_THREE = {
    "title": "Youth groups small grants 2026",
    "purpose": (
        "Easthaven Council has £60,000 for small grants to youth groups and clubs. "
        "The panel reads the bids, scores them and agrees which ones to fund."
    ),
    "in_scope": "Which bids get a grant, how much each one gets, and any conditions we attach.",
    "out_of_scope": "The total of £60,000, and the rules every funded group must follow (for example keeping "
    "young people safe).",
}

# (title, question, guidance, weight, descriptors for 1..5)
CRITERIA_THREE = [
    (
        "Young people want it",
        "Did young people ask for this, and will they use it?",
        "Look for young people's own words and ideas in the bid, not just adults saying it is needed.",
        30,
        [
            "Nothing shows young people want it.",
            "Adults say it is needed, but young people were not asked.",
            "Some young people asked for it.",
            "Many young people asked for it and helped plan it.",
            "Young people asked for it, planned it and will help run it.",
        ],
    ),
    (
        "Reaches those who miss out",
        "Will it reach young people who don't usually get help or a say?",
        "Think about cost, travel, times, disability, and young people who often feel left out.",
        25,
        [
            "Only young people who already get help could use it.",
            "A few new young people might come.",
            "It reaches some young people who miss out.",
            "A clear plan to reach young people who miss out.",
            "It goes to them and removes what stops them coming.",
        ],
    ),
    (
        "Safe and well run",
        "Will young people be safe, and can this group do what it says?",
        "Look for trained staff, a safety plan, and a group that has done this kind of thing before.",
        25,
        [
            "No plan to keep young people safe.",
            "Safety is mentioned, but the plan is weak.",
            "A safety plan and some experience.",
            "A good safety plan and trained staff.",
            "A strong safety plan, trained staff and a good record.",
        ],
    ),
    (
        "Good use of the money",
        "Is the amount fair for what young people get?",
        "Compare the cost with what it pays for and how many young people it helps.",
        20,
        [
            "The costs are not explained.",
            "It costs a lot for what young people get.",
            "The cost is about right.",
            "Good value for the money.",
            "Excellent value, and it brings in other money or help too.",
        ],
    ),
]

# (reference, organisation, title, amount in pounds, summary,
#  young people's usual scores, adults' usual scores (one per criterion, 1..5),
#  young people's words, adults' words: a comment per criterion, then strengths, concerns, questions)
BIDS_THREE = [
    (
        "SG-01",
        "Southside Skate Club",
        "Friday night youth club at the skate park",
        18_500,
        (
            "Two youth workers run a free club at the skate park every Friday evening, with boards and "
            "helmets to borrow and a warm cabin to hang out in."
        ),
        [5, 4, 4, 4],
        [4, 3, 4, 3],
        (
            "Skaters have asked for this for ages.",
            "It's free, and you can borrow a board.",
            "Youth workers will be there every week.",
            "Fair price for a whole year.",
            "Free, on Friday nights, where we already go.",
            "Hardly any girls go to the park now.",
            "Could there be a night just for girls?",
        ),
        (
            "Clear demand from the skaters' own survey.",
            "Mostly reaches boys who already skate.",
            "Experienced youth workers who already work outdoors.",
            "Reasonable for forty sessions.",
            "Good youth work in a place young people already go.",
            "Girls and younger children are unlikely to come.",
            "How will you make the club welcoming to girls?",
        ),
    ),
    (
        "SG-02",
        "Proud Easthaven Youth",
        "An LGBTQ+ youth group in north Easthaven",
        14_000,
        (
            "A weekly evening group and a monthly trip for LGBTQ+ young people aged 13 to 19, run by trained "
            "youth workers with older members as volunteers."
        ),
        [5, 5, 4, 4],
        [4, 4, 4, 4],
        (
            "My friends need somewhere like this.",
            "There's nothing like it in the north of town.",
            "They have safety training.",
            "Cheap for a whole year.",
            "A safe place to be yourself.",
            "Some people can't get there after dark.",
            "Can you help with bus fares?",
        ),
        (
            "Strong evidence from a local youth survey.",
            "Reaches a group at high risk of isolation.",
            "Good safeguarding policy and trained staff.",
            "Good value per young person.",
            "Fills a clear gap, and young volunteers help run it.",
            "Travel from the outlying villages.",
            "Could you cover travel costs?",
        ),
    ),
    (
        "SG-03",
        "Easthaven Young Carers",
        "A weekend away for young carers",
        12_000,
        (
            "Thirty young carers aged 10 to 17 go on an outdoor activity weekend. The group arranges care at "
            "home, so they can go."
        ),
        [5, 4, 4, 3],
        [4, 4, 5, 4],
        (
            "Young carers never get a break.",
            "They sort out care at home, so anyone can go.",
            "They have done trips before.",
            "A lot for two nights, but worth it.",
            "A real break, and they sort out care at home.",
            "Only thirty places.",
            "How do you choose who goes?",
        ),
        (
            "Well-evidenced need for respite.",
            "Arranging cover at home removes the main barrier.",
            "Ran a similar residential last year without incident.",
            "Fair cost for a residential with care cover.",
            "Respite, with the main barrier removed.",
            "One weekend is a short intervention.",
            "Is there any follow-up after the weekend?",
        ),
    ),
    (
        "SG-04",
        "MindMate CIC",
        "MindMate: a peer support app",
        24_000,
        (
            "An app where young people aged 13 to 18 can chat to trained peer supporters about how they "
            "feel, in the evenings and at weekends."
        ),
        [5, 4, 3, 4],
        [3, 3, 1, 2],
        (
            "Loads of us would use this. Talking face to face is hard.",
            "You can use it at home, at any time.",
            "The peer supporters get training.",
            "Cheaper than a counsellor.",
            "Help when you need it, from people your age.",
            "What if someone is really not okay late at night?",
            "Who checks the chats?",
        ),
        (
            "Young people clearly want online support.",
            "Reaches young people who won't walk into a service.",
            "No clear plan for urgent risk out of hours.",
            "Most of the cost is building the app.",
            "Peer support that young people would actually use.",
            "Safeguarding out of hours is not covered.",
            "Who responds if a young person is at risk at 11pm?",
        ),
    ),
    (
        "SG-05",
        "Westside Community Kitchen",
        "Cook and eat club for 13 to 17 year olds",
        9_500,
        "An after-school club where young people learn to cook a cheap meal and eat it together, twice a week.",
        [2, 3, 3, 3],
        [4, 4, 4, 4],
        (
            "Adults picked the recipes. Nobody asked us.",
            "Free food will bring people.",
            "The kitchen already runs clubs, but not for teenagers.",
            "Fair price.",
            "Free food, and you learn to cook.",
            "It feels a bit like school.",
            "Could we choose what we cook?",
        ),
        (
            "Responds to food poverty reported by local schools.",
            "A free meal reaches families who struggle.",
            "Established kitchen with a top hygiene rating.",
            "Very good value per session.",
            "Practical life skills and a free meal.",
            "Little youth voice in the design.",
            "How will young people shape the menu?",
        ),
    ),
]

# (username, bid reference, note)
CONFLICTS_THREE = [("joy", "SG-03", "I am a trustee of Easthaven Young Carers.")]

# (username, bid reference, criterion position, comment): "I can't judge this".
CANT_JUDGE_THREE = [("ben", "SG-04", 3, "I don't know how much an app costs to make.")]

# Who did their training at the training evening instead of online.
TRAINED_IN_PERSON_THREE = ("ian",)

# Who could not come to the meeting (they had sent their sheets in), and who took the notes.
ABSENT_THREE = ("grace", "ian")
SCRIBE_THREE = "helen"

# Aisha asks for a break before this bid, and the chair gives ten minutes.
BREAK_BEFORE_THREE = "SG-04"


class MeetingPlan(TypedDict):
    """One bid at the demo meeting (views and recommendation by their values in scoring.consensus)."""

    views: dict[str, str]
    hands: list[str]
    notes: str
    consensus: list[int]
    recommendation: str
    amount: int | None
    conditions: str
    reasons: str


# The meeting, bid by bid: the secret first views of those there (the chair gives none), the hands raised
# in order, the notes, and what the room agreed: consensus scores (one per criterion), recommendation,
# amount in pounds, conditions and reasons.
MEETING_THREE: dict[str, MeetingPlan] = {
    "SG-01": {
        "views": {
            "aisha": "fund",
            "ben": "fund",
            "chloe": "fund",
            "dev": "fund",
            "ella": "not_sure",
            "finn": "fund",
            "helen": "fund",
            "joy": "not_sure",
        },
        "hands": ["ella", "chloe", "helen", "ben"],
        "notes": "Ella and Chloe: hardly any girls use the park. Helen agreed. Ben: the cabin makes it "
        "work in winter. Agreed to fund if there is a girls-only session.",
        "consensus": [5, 3, 4, 4],
        "recommendation": "fund_with_conditions",
        "amount": 18_500,
        "conditions": "Run a girls-only session at least once a month, with a female youth worker there.",
        "reasons": "Skaters asked for it and will use it. It is free and on Friday nights. Young members "
        "said hardly any girls use the park, so we added a condition.",
    },
    "SG-02": {
        "views": {
            "aisha": "fund",
            "ben": "fund",
            "chloe": "fund",
            "dev": "fund",
            "ella": "fund",
            "finn": "fund",
            "helen": "fund",
            "joy": "fund",
        },
        "hands": ["finn", "joy"],
        "notes": "Everyone agreed early. Finn: bus fares matter for young people in the villages. "
        "Joy: the bid has room for travel costs.",
        "consensus": [5, 5, 4, 4],
        "recommendation": "fund",
        "amount": 14_000,
        "conditions": "",
        "reasons": "There is nothing like it in the north of town. It is safe, well run and good value.",
    },
    "SG-03": {
        "views": {
            "aisha": "fund",
            "ben": "fund",
            "chloe": "fund",
            "dev": "fund",
            "ella": "fund",
            "finn": "fund",
            "helen": "fund",
        },
        "hands": ["aisha", "helen"],
        "notes": "Joy stepped out (conflict). Aisha: young carers at her school never get a break. "
        "Helen: cover at home is what makes it work.",
        "consensus": [5, 4, 5, 4],
        "recommendation": "fund",
        "amount": 12_000,
        "conditions": "",
        "reasons": "Young carers rarely get a break. The group arranges care at home, so any young carer "
        "can go.",
    },
    "SG-04": {
        "views": {
            "aisha": "fund",
            "ben": "fund",
            "chloe": "fund",
            "dev": "fund",
            "ella": "not_sure",
            "finn": "fund",
            "helen": "do_not_fund",
            "joy": "not_sure",
        },
        "hands": ["dev", "helen", "aisha", "joy", "finn"],
        "notes": "Dev: lots of young people would rather type than talk. Helen: nobody checks the chats "
        "at night. Aisha: that worries her too, but she would still use it. Agreed a six-month "
        "trial if the council's safeguarding lead agrees the safety plan first.",
        "consensus": [5, 4, 2, 3],
        "recommendation": "fund_with_conditions",
        "amount": 12_000,
        "conditions": "A six-month trial. Before it starts, the council's safeguarding lead must agree how "
        "urgent risk is handled in the evenings and at weekends.",
        "reasons": "Young members said many young people would use it. Adults were worried about safety "
        "late at night. We agreed a trial, if the safety plan is agreed first.",
    },
    "SG-05": {
        "views": {
            "aisha": "not_sure",
            "ben": "do_not_fund",
            "chloe": "not_sure",
            "dev": "fund",
            "ella": "not_sure",
            "finn": "not_sure",
            "helen": "fund",
            "joy": "fund",
        },
        "hands": ["ben", "joy", "chloe"],
        "notes": "Ben: it feels like school. Joy: the free meal matters a lot to some families. Chloe: it "
        "would be better if young people chose the recipes. Reserve: fund if money is left.",
        "consensus": [3, 4, 4, 4],
        "recommendation": "reserve",
        "amount": 9_500,
        "conditions": "",
        "reasons": "Good value, and a free meal. Young members were not sure young people had a say in it. "
        "Fund it if money is left.",
    },
}


class DecisionPlan(TypedDict):
    """One bid's final decision in the demo (the outcome by its value in scoring.decisions.Outcome)."""

    outcome: str
    amount: int | None
    conditions: str
    reasons: str
    explanation: str
    strengths: str
    concerns: str


# The commissioner's final decisions. "explanation" says why, where a decision differs from the panel;
# "strengths" and "concerns" go into the letter to the bidder.
DECISIONS_THREE: dict[str, DecisionPlan] = {
    "SG-01": {
        "outcome": "funded",
        "amount": 18_500,
        "conditions": "Run a girls-only session at least once a month, with a female youth worker there.",
        "reasons": "Skaters asked for this, and it is free on Friday nights. We kept the panel's condition "
        "about girls.",
        "explanation": "",
        "strengths": "Designed with the skaters who use the park; free kit removes cost as a barrier.",
        "concerns": "Few girls use the park now. The girls-only session is a condition of the grant.",
    },
    "SG-02": {
        "outcome": "funded",
        "amount": 14_000,
        "conditions": "",
        "reasons": "There is nothing like it in the north of town, and it is safe and well run.",
        "explanation": "",
        "strengths": "Fills a clear gap for LGBTQ+ young people, with young volunteers helping to run it.",
        "concerns": "Please use part of the grant for bus fares from the villages, as the panel asked.",
    },
    "SG-03": {
        "outcome": "funded",
        "amount": 12_000,
        "conditions": "",
        "reasons": "Young carers rarely get a break, and the group sorts out care at home so anyone can go.",
        "explanation": "",
        "strengths": "Removes the main barrier for young carers by arranging cover at home.",
        "concerns": "Tell us how you choose who goes, and how you keep in touch after the weekend.",
    },
    "SG-04": {
        "outcome": "not_funded",
        "amount": None,
        "conditions": "",
        "reasons": "Young people want support like this, and it is a good idea. But the app has no safe "
        "plan for urgent help at night.",
        "explanation": "The panel said fund a trial, if our safeguarding lead agreed the safety plan first. "
        "She looked at it after the meeting. At night, no trained adult would see a chat "
        "until the next morning. That is not safe enough if someone is in danger. So we "
        "can't fund it this time. We know most young people on the panel wanted this app. "
        "We have offered to help MindMate fix the plan, so they can apply again in the "
        "spring.",
        "strengths": "Young people on the panel strongly wanted peer support they can reach from home.",
        "concerns": "There is no plan for a young person at risk in the evenings or at weekends.",
    },
    "SG-05": {
        "outcome": "funded",
        "amount": 9_500,
        "conditions": "Young people choose the recipes and help plan the sessions.",
        "reasons": "It is good value, and a free meal matters to many families.",
        "explanation": "The panel put this bid on the reserve list, to fund if money was left. Money was "
        "left, because we did not fund the app. Young people on the panel were not sure "
        "about it. They said adults picked everything. So we are funding it only if young "
        "people choose the recipes and help plan it.",
        "strengths": "Good value, in a trusted kitchen, with a free meal for every young person.",
        "concerns": "Young people had little say in the plan. They must choose the recipes and help plan "
        "the sessions.",
    },
}

# What young panellists read first on their "You said - we did" page, and what happens next.
FEEDBACK_THREE = (
    "You read five bids and scored each one on your own. Then we met and agreed what to fund. Now we "
    "have made the final choices. We gave money to four groups. That is £54,000 of "
    "the £60,000. The skate club, the LGBTQ+ group, the young carers' trip and the cook club all get a "
    "grant. We did not fund the MindMate app this time. We know most of you wanted it, and we say why "
    "below. You changed things. The skate club must now run a night just for girls, because you asked "
    "for it. And at the cook club, young people will choose what they cook."
)
NEXT_STEPS_THREE = (
    "The groups start in November. We will post news here, so you can see how they are doing. "
    "We will help MindMate make the app safe, so they can try again in the spring. "
    "Please tell us how the panel went for you. It takes two minutes."
)

# How the process went: (username, felt heard, training useful, what they would change, share their name?)
REPLIES_THREE = [
    ("dev", "yes", "yes", "More time to read the bids before the meeting.", True),
    (
        "chloe",
        "partly",
        "yes",
        "On the first bid the adults talked a lot. Raising hands helped after that.",
        False,
    ),
    ("helen", "yes", "partly", "Meet nearer the bus station, so it is easier to get home.", False),
]
# Who has opened their "You said - we did" page, in the order they did. Aisha has not yet.
OPENED_THREE = ("dev", "chloe", "helen", "chair", "finn", "joy")

# News from a funded group after the decision ("report back").
UPDATE_THREE = (
    "SG-01",
    (
        "The Friday club started on 6 November. 23 young people came on the first night. The first "
        "girls-only session is on 4 December. The club has bought 15 boards and 20 helmets to lend."
    ),
)
