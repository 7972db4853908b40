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
