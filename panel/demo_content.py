"""The demo round's content: a realistic emotional wellbeing round, with invented organisations."""

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
    ("EH-01", "Open Door Youth Counselling", "Free counselling in six secondary schools", 320_000,
     "Trained counsellors in six schools, two days a week each, with evening sessions in the holidays."),
    ("EH-02", "Beat the Blues Peer Mentors CIC", "Peer mentors for 11 to 16 year olds", 185_000,
     "Older young people trained as mentors meet younger ones weekly for a year."),
    ("EH-03", "The Hub on Mill Street", "A place to go: evening drop-in", 240_000,
     "A warm, free space open four evenings a week, with youth workers and a quiet room. Business plan attached."),
    ("EH-04", "Newshounds Media Collective", "Young reporters on wellbeing", 95_500,
     "Young people make podcasts and short films about mental health for other young people."),
    ("EH-05", "Parents Together Easthaven", "Support for parents of teenagers", 150_000,
     "Groups and one-to-one help for parents who are worried about their teenager."),
    ("EH-06", "Active Minds Sports Trust", "Sport and talk sessions", 210_000,
     "Football, boxing and dance sessions that end with a group chat led by a youth worker."),
    ("EH-07", "Citywide Health Partnership", "An all-in-one wellbeing centre", 1_650_000,
     "A new centre bringing counselling, health checks and youth work under one roof. Asks for more than the budget."),
    ("EH-08", "Rainbow Roots LGBTQ+ Youth", "A safe group for LGBTQ+ young people", 72_000,
     "Weekly group, online chat and one-to-one support for LGBTQ+ young people aged 12 to 25."),
]

DOCUMENT_BID = "EH-03"
DOCUMENT_NAME = "The Hub - business plan.pdf"

PASSWORD = "panel-demo-2027"

# (username, display name, commissioner?)
COMMISSIONER = ("commissioner", "Sam Patel", True)
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
    "chair": "done", "aisha": "done", "dev": "done", "finn": "done", "helen": "done", "joy": "done",
    "chloe": 3, "grace": 2, "ella": "quiz", "ian": "in person", "ben": 0,
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
    ("YV-01", "Easthaven Youth Council", "A youth-run podcast studio", 38_000,
     "Young people build and run a small studio in the youth centre, and train others to make podcasts.",
     [5, 4, 4, 4], [4, 3, 4, 4],
     ("Young people came up with it and will run it.", "Lots of people my age would use it.",
      "They already made a test episode.", "Fair for the equipment.",
      "Run by young people from the start.", "What happens when the first group leave?",
      "Who trains the next group?"),
     ("A genuinely youth-led idea.", "Reach depends on who hears about it.", "Sensible timeline.",
      "Reasonable equipment costs.", "Strong youth ownership and a clear plan.",
      "Reach beyond the youth council is unclear.", "How will you reach young people who are not already involved?")),
    ("YV-02", "Northfield Skate Crew", "Rebuild the Northfield skate park", 95_000,
     "Skaters designed a new park with a builder; the old one is closed because it is unsafe.",
     [5, 5, 3, 4], [3, 2, 2, 2],
     ("The skaters drew the designs themselves.", "Everyone in Northfield goes there. It's the only place.",
      "They have a builder already.", "Parks cost a lot but this one gets used every day.",
      "Young people designed it and really need it.", "It might not be finished by summer.",
      "When would it open?"),
     ("Some design input from skaters.", "Benefits a fairly small group of regular users.",
      "No planning permission yet and no maintenance plan.", "A large share of the budget for one site.",
      "Real enthusiasm from local young people.", "No planning permission, and who maintains it afterwards?",
      "Has the council's parks team agreed to take it on?")),
    ("YV-03", "Easthaven Library Service", "Homework club with tablets", 42_000,
     "Library staff run an after-school homework club three days a week, with tablets to borrow.",
     [1, 2, 4, 3], [4, 4, 5, 4],
     ("Adults planned it all. Nobody asked us.", "It's like school again after school.",
      "The library already runs clubs.", "The tablets are useful.",
      "Warm place with wifi.", "Young people didn't help plan it.",
      "Could young people choose what the club does?"),
     ("Staff consulted pupils at two schools.", "Clear evidence that homework support helps attainment.",
      "Experienced staff and an existing venue.", "Good value, tablets reused across years.",
      "Reliable provider with a strong track record.", "Limited youth voice in the design.",
      "How will young people shape the club once it starts?")),
    ("YV-04", "Code Club Easthaven", "Coding club for girls aged 11 to 16", 28_500,
     "Girls who learned to code run weekly sessions for younger girls, with a volunteer developer.",
     [4, 4, 4, 5], [4, 4, 4, 4],
     ("Older girls run the sessions.", "My sister would go.", "They have laptops and a room.",
      "Cheap for what it does.", "Older girls teach younger ones.", "Only on one evening a week.",
      "Could boys who want to join have their own session?"),
     ("Peer-led with adult support.", "Addresses a real gap for girls in tech.", "Well-organised pilot already ran.",
      "Very good value.", "Peer-led, low-cost and already tested.", "Relies on one volunteer developer.",
      "What happens if the volunteer leaves?")),
    ("YV-05", "Harbour Arts CIC", "Street art on the seafront", 61_000,
     "Young artists paint large murals on the seafront walls, chosen by a public vote of young people.",
     [5, 5, 3, 3], [3, 2, 2, 3],
     ("Young people pick the designs and paint them.", "Everyone would see it. It makes the seafront ours.",
      "They need permission for the walls.", "Paint and scaffolding are expensive.",
      "Young people's art where everyone can see it.", "Permission for the walls isn't sorted.",
      "Which walls have you asked about?"),
     ("Youth vote on designs is good.", "Visible, but a lasting difference is hard to see.",
      "Wall owners have not agreed yet.", "Scaffolding costs look high.",
      "Visible and popular with young people.", "Permissions missing; could be vandalised.",
      "Do you have written agreement from the wall owners?")),
]

# (username, bid reference, note)
CONFLICTS_TWO = [("ella", "YV-05", "I painted a mural with Harbour Arts last summer.")]

# Small differences between members, so no two sheets are the same (added to the usual scores, kept on the scale).
NUDGES = [0, 1, -1, 0, 0]

# (username, bid reference, criterion position, comment): "I can't judge this".
CANT_JUDGE_TWO = [("aisha", "YV-02", 3, "I don't know how much a skate park costs.")]

# (username, bid reference, how many criteria are scored so far): the one sheet not sent yet.
IN_PROGRESS_TWO = ("ben", "YV-05", 2)
