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
