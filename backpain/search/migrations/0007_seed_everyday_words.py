"""More synonyms: everyday British words for medicines, places, jobs round the house and how a back feels,
and the clinical names of back and neck problems beside the words patients use for them.

No group holds a phrase nearly every FAQ uses ("back pain") or a word with a second meaning ("cold", "steps"):
such a group would change how every query with it is read.

Written from how patients talk; where a query prompted a group it was one of the labelled set's tuning half or a
helper's own trial queries, never the test half's. Editors keep the list in the admin, as 0003's and 0006's.
"""

from django.db import migrations

SYNONYMS = [
    "seized up, seizes up, locked up, locks up, locking",
    "twinge, twinges, niggle, niggles",
    "tablets, pills, medicine, medicines, medication",
    "chemist, pharmacist, pharmacy",
    "jab, jabs, injection, injections",
    "waterworks, bladder",
    "incontinence, wetting myself, leaking urine, bladder control",
    "gel, cream, ointment, balm, rub on",
    "muscle relaxant, muscle relaxants, diazepam, valium",
    "nerve pain medicine, gabapentin, pregabalin, amitriptyline",
    "xray, x ray, x-ray",
    "osteo, osteopath, osteopathy",
    "support belt, back support, brace, corset",
    "hanging upside down, inversion",
    "laptop, computer",
    "working from home, work from home, home working, wfh",
    "sofa, couch, settee",
    "hoovering, vacuuming, cleaning, ironing, housework",
    "gardening, garden, digging, weeding, mowing",
    "trainers, footwear, high heels, heels, shoes",
    "stairs, staircase",
    "behind the wheel, driving",
    "knackered, shattered, exhausted",
    "giving birth, gave birth, had my baby, had a baby, childbirth, postnatal",
    "baby bump, pregnant",
    "cold weather, damp weather, winter weather, chilly weather",
    "drink water, fluids, dehydrated, dehydration, hydration",
    "cigarettes, cigarette, smoker, smoke, smoking",
    "intercourse, making love, sex",
    "head ache, headaches, headache",
    "flared up, flare up, flare-up, bad spell, relapse",
    "keeps coming back, come back again, recur, recurring, recurrence",
    "weak bones, thinning bones, bone thinning, osteoporosis",
    "bloods, blood tests, blood test",
    "lie flat, lying flat, stay in bed, bed rest",
    "for ages, long term, long-term, long-standing, persistent, chronic",
    "slimming, slim down, losing weight",
    "hump, humped, hunched, kyphosis",
    "getting old, ageing, aging, getting older",
    "football, rugby, netball, hockey, cricket, tennis, sports, sport",
    "bottom bone, tail bone, tailbone",
    # Clinical names and the words patients use for them.
    "vertebra, vertebrae, vertebral, spinal bones",
    "fracture, fractured, broken bone, broken vertebra",
    "inflammation, inflamed, swelling, swollen",
    "spinal stenosis, stenosis, narrowing of the spine, narrow spinal canal, narrowing",
    "spondylolisthesis, slipped vertebra",
    "ankylosing spondylitis, axial spondyloarthritis, bamboo spine",
    "sacroiliac, sacroiliac joint, si joint",
    "facet joint, facet joints, spinal joints",
    "fibromyalgia, widespread pain, pain all over, pain everywhere",
    "foot drop, dropped foot, drop foot",
    "whiplash, car accident, car crash, rear ended, rear-ended",
    "text neck, phone neck, tech neck",
    "kidney, kidneys, renal, loin",
    "rib, ribs, chest wall, costochondritis",
    "analgesic, analgesics, painkillers",
    "co-codamol, cocodamol, codeine",
    "neuropathic pain, neuropathy, nerve damage, nerve pain",
    "sprain, sprained, pulled muscle, muscle strain, strained muscle",
    "tens, tens machine, electrical nerve stimulation",
    "cognitive behavioural therapy, cbt, talking therapy",
    "pain clinic, pain management, pain management programme",
    "spinal fusion, fusion surgery, fused vertebrae",
    "discectomy, microdiscectomy, disc surgery, disc operation",
    "laminectomy, decompression, decompression surgery",
    "lordosis, swayback, sway back, arched lower back",
    "orthopaedic, orthopedic, spinal surgeon, spine surgeon, bone specialist",
    "rheumatologist, rheumatology, joint specialist",
    "casualty, accident and emergency, emergency department, emergency",
    "ergonomic, ergonomics, workstation, desk setup",
    "orthotics, insoles, arch supports",
    "lumbar support, lumbar roll, back cushion",
    "bone density scan, dexa, dexa scan",
    "vitamin d, vit d, sunshine vitamin",
    "range of movement, range of motion, flexibility, mobility",
    "standing desk, sit stand desk, sit-stand desk, height adjustable desk",
    "degenerative disc, disc degeneration, worn discs, degenerative disc disease",
    "cervical radiculopathy, brachialgia, pain down my arm, pain down the arm, trapped nerve in my neck",
    "paraesthesia, paraesthesiae, pins and needles",
    "myalgia, muscle pain, aching muscles, sore muscles",
    "knots, knotted, muscle knots, trigger points, tight muscles",
    "night pain, pain at night, nocturnal pain",
    "fever, feverish, high temperature",
    "limp, limping, gait",
    "osteopenia, low bone density, weak bones",
    "compression fracture, crush fracture, vertebral fracture, collapsed vertebra",
    "pelvic girdle pain, spd, symphysis pubis dysfunction, pelvic pain in pregnancy",
    "postpartum, post partum, postnatal",
    "dysmenorrhoea, dysmenorrhea, period pain",
    "nerve block, facet injection, radiofrequency denervation, radiofrequency ablation",
    "heat patch, heat wrap, heat pad, heat pack",
    "voltarol, diclofenac gel, ibuprofen gel, ibuleve, deep heat",
    "nurofen, advil, ibuprofen",
    "panadol, calpol, paracetamol",
    "coccyx cushion, doughnut cushion, ring cushion, wedge cushion",
    "memory foam, orthopaedic mattress, firm mattress, mattress",
]


def seed(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    Synonym.objects.bulk_create([Synonym(terms=terms) for terms in SYNONYMS], ignore_conflicts=True)


def unseed(apps, schema_editor):
    apps.get_model("search", "Synonym").objects.filter(terms__in=SYNONYMS).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0006_seed_lay_phrases")]

    operations = [migrations.RunPython(seed, unseed)]
