"""A labelled set for search relevance: patient-style queries and the FAQs that answer them.

The FAQs are the demo bundle's plus the site-wide ones below, written for
this set in the plain register of the demo. Each query has a kind:
exact (the question's own words), paraphrase (the same worry in other
words), synonym (a lay or clinical word the FAQ does not use), typo, and
answer (words found only in the answer).
"""

EXTRA_FAQS = [
    (
        "what-is-a-slipped-disc",
        "What is a slipped disc?",
        "A slipped disc happens when the soft, jelly-like centre of a spinal disc pushes through a weak spot in its"
        " tougher outer layer and presses on nearby nerves. Most slipped discs heal on their own within six to twelve"
        " weeks with gentle activity and pain relief.",
    ),
    (
        "can-anti-inflammatory-painkillers-help-back-pain",
        "Can anti-inflammatory painkillers help back pain?",
        "Non-steroidal anti-inflammatory drugs (NSAIDs) can ease back pain for a short time. Take the lowest dose that"
        " works for the shortest time, with food, and ask a pharmacist first if you have stomach ulcers, asthma, or"
        " kidney or heart problems.",
    ),
    (
        "why-do-i-get-pins-and-needles-in-my-leg",
        "Why do I get pins and needles in my leg?",
        "Pins and needles usually mean a nerve is being squeezed or irritated, often where it leaves the spine in"
        " your lower back. It tends to settle as the irritation calms down. See a doctor quickly if it spreads to both"
        " legs or comes with weakness.",
    ),
    (
        "what-is-the-best-sleeping-position-for-back-pain",
        "What is the best sleeping position for back pain?",
        "Lie on your side with a pillow between your knees, or on your back with a pillow under your knees. A"
        " medium-firm mattress suits most people; there is no need to buy a very hard one.",
    ),
    (
        "how-should-i-lift-heavy-things",
        "How should I lift heavy things without hurting my back?",
        "Keep the load close to your waist, bend your hips and knees rather than your back, and avoid twisting while"
        " you carry it. Ask for help with anything awkward, and push rather than pull where you can.",
    ),
    (
        "how-do-i-set-up-my-desk-to-protect-my-back",
        "How do I set up my desk to protect my back?",
        "Adjust your chair so your feet are flat on the floor and your knees are level with your hips. Put the screen"
        " at eye level, an arm's length away, and get up for a short break every half hour.",
    ),
    (
        "which-exercises-strengthen-my-back",
        "Which exercises strengthen my back?",
        "Exercises that build the muscles of your trunk, such as bridges, the bird dog and gentle planks, support your"
        " spine. Pilates classes teach them well. Start slowly and add repetitions as they get easier.",
    ),
    (
        "should-i-see-a-physiotherapist",
        "Should I see a physiotherapist?",
        "A physiotherapist can check how you move, teach you exercises that suit your back and help you return to"
        " work and sport. Many people can refer themselves without seeing their GP first.",
    ),
    (
        "do-i-need-an-mri-for-back-pain",
        "Do I need an MRI for back pain?",
        "Most people with back pain do not. Imaging rarely changes the treatment and often shows changes that are"
        " normal with age. Your doctor will arrange one if your symptoms suggest a serious cause or before surgery.",
    ),
    (
        "does-paracetamol-help-back-pain",
        "Does paracetamol help back pain?",
        "On its own paracetamol does little for most back pain, although some people find it takes the edge off."
        " Never take more than the dose on the packet.",
    ),
    (
        "is-back-pain-normal-in-pregnancy",
        "Is back pain normal in pregnancy?",
        "Yes, it is common. Hormones loosen the ligaments around your pelvis and your growing bump changes your"
        " posture. Many pregnant women find that swimming, a support belt and sleeping on their side help.",
    ),
    (
        "what-helps-a-back-spasm",
        "What helps a back spasm?",
        "A spasm is a sudden, painful tightening of the muscles. Keep moving gently, use a heat pack, and try slow,"
        " deep breathing to help the muscles let go. It usually eases within a few days.",
    ),
    (
        "will-i-need-surgery-for-my-back",
        "Will I need surgery for my back?",
        "Very few people with back pain need surgery. It is considered when a trapped nerve causes severe leg pain or"
        " weakness that does not improve after several weeks of other treatment.",
    ),
    (
        "can-i-keep-running-with-back-pain",
        "Can I keep running with back pain?",
        "If it does not make your pain worse, yes: keep jogging at an easy pace on soft ground and shorten your runs"
        " for a while. Stop if the pain spreads down your leg.",
    ),
]

# (kind, query, slugs of the FAQs that answer it)
QUERIES = [
    ("exact", "Should I use heat or ice for back pain?", {"should-i-use-heat-or-ice-for-back-pain"}),
    ("exact", "is bed rest good for back pain", {"is-bed-rest-good-for-back-pain"}),
    ("exact", "can sitting make sciatica worse", {"can-sitting-make-sciatica-worse"}),
    ("exact", "what is a slipped disc", {"what-is-a-slipped-disc"}),
    ("exact", "best sleeping position", {"what-is-the-best-sleeping-position-for-back-pain"}),
    ("exact", "back spasm", {"what-helps-a-back-spasm"}),
    ("exact", "can stress cause back pain", {"can-stress-cause-back-pain"}),
    ("exact", "MRI for back pain", {"do-i-need-an-mri-for-back-pain"}),
    ("paraphrase", "how long will my lower back pain last", {"how-long-does-lower-back-pain-usually-last"}),
    ("paraphrase", "should I stay in bed when my back hurts", {"is-bed-rest-good-for-back-pain"}),
    ("paraphrase", "is it ok to go for walks with sciatica", {"is-walking-good-for-sciatica"}),
    ("paraphrase", "why does my back hurt when I'm anxious", {"can-stress-cause-back-pain"}),
    (
        "paraphrase",
        "what should I eat to help my back and my stress",
        {"what-kind-of-diet-should-i-follow-to-manage-stress-and-back-pain"},
    ),
    ("paraphrase", "how do I pick up heavy boxes safely", {"how-should-i-lift-heavy-things"}),
    (
        "paraphrase",
        "when do I need to see a doctor about my back",
        {"when-should-i-see-a-doctor-about-back-pain", "should-i-consult-a-doctor-for-stress-induced-back-pain"},
    ),
    ("paraphrase", "is jogging bad for my back", {"can-i-keep-running-with-back-pain"}),
    ("paraphrase", "how can I calm my back pain from stress", {"how-can-i-reduce-my-stress-induced-back-pain"}),
    ("paraphrase", "is lying in bed all day bad for a sore back", {"is-bed-rest-good-for-back-pain"}),
    ("paraphrase", "which mattress should I buy", {"what-is-the-best-sleeping-position-for-back-pain"}),
    ("paraphrase", "can I carry my shopping with a bad back", {"how-should-i-lift-heavy-things"}),
    ("paraphrase", "my back aches now that I am expecting a baby", {"is-back-pain-normal-in-pregnancy"}),
    ("synonym", "herniated disk", {"what-is-a-slipped-disc"}),
    ("synonym", "how long does lumbar pain go on", {"how-long-does-lower-back-pain-usually-last"}),
    ("synonym", "numbness in my legs", {"why-do-i-get-pins-and-needles-in-my-leg"}),
    (
        "synonym",
        "should I ask my GP",
        {"when-should-i-see-a-doctor-about-back-pain", "should-i-consult-a-doctor-for-stress-induced-back-pain"},
    ),
    ("synonym", "ibuprofen", {"can-anti-inflammatory-painkillers-help-back-pain"}),
    ("synonym", "tingling in my leg", {"why-do-i-get-pins-and-needles-in-my-leg"}),
    ("synonym", "physical therapy", {"should-i-see-a-physiotherapist"}),
    ("synonym", "acetaminophen", {"does-paracetamol-help-back-pain"}),
    ("synonym", "muscle cramp in my back", {"what-helps-a-back-spasm"}),
    ("synonym", "anxiety and back pain", {"can-stress-cause-back-pain"}),
    ("synonym", "spinal operation", {"will-i-need-surgery-for-my-back"}),
    ("typo", "sciatcia", {"is-walking-good-for-sciatica", "can-sitting-make-sciatica-worse"}),
    ("typo", "physiotherapits", {"should-i-see-a-physiotherapist"}),
    ("typo", "pregnacy back pain", {"is-back-pain-normal-in-pregnancy"}),
    ("typo", "slipped dsic", {"what-is-a-slipped-disc"}),
    ("typo", "exercizes to strengthen my back", {"which-exercises-strengthen-my-back"}),
    ("typo", "paracetemol", {"does-paracetamol-help-back-pain"}),
    ("typo", "best sleping position", {"what-is-the-best-sleeping-position-for-back-pain"}),
    ("typo", "surgery for my bakc", {"will-i-need-surgery-for-my-back"}),
    ("typo", "stres and back pain", {"can-stress-cause-back-pain"}),
    ("typo", "which matress", {"what-is-the-best-sleeping-position-for-back-pain"}),
    ("answer", "loss of bladder control", {"when-should-i-see-a-doctor-about-back-pain"}),
    ("answer", "heating pad", {"should-i-use-heat-or-ice-for-back-pain"}),
    ("answer", "loose ligaments around the pelvis", {"is-back-pain-normal-in-pregnancy"}),
    ("answer", "improves blood flow", {"is-walking-good-for-sciatica"}),
    ("answer", "medium-firm mattress", {"what-is-the-best-sleeping-position-for-back-pain"}),
    ("answer", "pilates", {"which-exercises-strengthen-my-back"}),
    ("answer", "stomach ulcers", {"can-anti-inflammatory-painkillers-help-back-pain"}),
    ("answer", "chronic back pain", {"how-long-does-lower-back-pain-usually-last"}),
    ("answer", "fruits and vegetables", {"what-kind-of-diet-should-i-follow-to-manage-stress-and-back-pain"}),
    ("answer", "screen at eye level", {"how-do-i-set-up-my-desk-to-protect-my-back"}),
    ("answer", "swimming", {"is-back-pain-normal-in-pregnancy"}),
]
