"""Sample answers shared by several tests."""

STRONG_STAR = {
    "situation": "In my second year I worked part time at the student help desk of my "
    "college, where new international students came with questions.",
    "task": "Many students waited over forty minutes, and my manager asked me to find a "
    "way to cut the waiting time.",
    "action": "First I counted the questions for two weeks and saw that half were about "
    "the same three topics. I wrote a one-page guide in simple English for those topics. "
    "I asked two classmates to translate it into Mandarin and Spanish, and I checked the "
    "translations with our advisor. Then I set up a small table at the entrance where I "
    "handed out the guide and answered quick questions, so the desk staff could focus on "
    "the harder cases. I also trained the two other student workers to use it.",
    "result": "Within a month the average wait went from 40 minutes to 15 minutes.",
}

# Skill ratings students really give (stage 1), for the matcher and the stage 2 page.
WRITER = {
    "creative_writing": 5,
    "business_writing": 5,
    "editing": 4,
    "presenting": 4,
    "persuasion": 4,
    "programming": 1,
    "data_analysis": 1,
    "spreadsheets": 2,
    "analytical_thinking": 2,
}
CODER = {
    "programming": 5,
    "analytical_thinking": 5,
    "data_analysis": 4,
    "learning_quickly": 4,
    "creative_writing": 1,
    "presenting": 2,
    "persuasion": 1,
}
IT_STUDENT = {
    "digital_tools": 5,
    "learning_quickly": 5,
    "programming": 4,
    "analytical_thinking": 4,
    "adaptability": 4,
    "customer_service": 3,
    "other_languages": 3,
    "presenting": 2,
    "creative_writing": 2,
    "caring_for_people": 2,
}
CARER = {
    "caring_for_people": 5,
    "active_listening": 5,
    "customer_service": 4,
    "cultural_awareness": 4,
    "persuasion": 2,
    "spreadsheets": 2,
    "programming": 1,
    "data_analysis": 1,
}
