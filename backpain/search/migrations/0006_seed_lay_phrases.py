"""More synonyms: the idioms and lay phrases patients use, next to the words clinicians write.

Editors keep the list in the admin; these are a starting point, as 0003's were.
"""

from django.db import migrations

SYNONYMS = [
    "put my back out, put your back out, threw my back out, my back went, back gave way, back strain, strained back,"
    " pulled my back, pulled back muscle, acute back pain, acute low back pain",
    "crick in my neck, crick in the neck, stiff neck, wry neck, torticollis, neck stiffness",
    "trapped nerve, pinched nerve, compressed nerve, nerve root compression",
    "tailbone, coccyx, coccydynia",
    "brittle bones, thin bones, osteoporosis, osteoporotic",
    "wear and tear, osteoarthritis, spondylosis, degeneration, degenerative",
    "curvature of the spine, curved spine, scoliosis",
    "hunchback, hunched back, rounded back, rounded shoulders, dowager's hump, kyphosis",
    "overweight, obese, obesity, extra weight, losing weight, lose weight",
    "pregnant, pregnancy, expecting a baby, antenatal",
    "period, periods, menstrual, menstruation, period pain",
    "sick note, fit note, doctor's note, time off work",
    "opioids, opiates, codeine, tramadol, morphine",
    "steroid injection, epidural, epidural injection, cortisone injection",
    "chiropractor, chiropractic, chiro, osteopath, osteopathy, spinal manipulation, crack my back, back cracking",
    "massage, rub, rubdown, sports massage",
    "acupuncture, dry needling",
    "slouching, slumping, hunching, bad posture, poor posture",
    "exhausted, tired, tiredness, fatigue, worn out",
    "wee, pee, urinate, passing urine, bladder",
    "poo, bowels, bowel",
    "tummy, stomach, abdomen, abdominal",
    "bottom, buttock, buttocks, bum",
    "jogging, jog, running, runner",
    "weightlifting, lifting weights, gym, strength training",
    "long car journeys, long drives, driving, drive",
    "plane, flight, flying, aeroplane, airplane",
    "kids, child, children, toddler, teenager",
    "elderly, older people, old age, getting older",
    "cancer, tumour, tumor",
    "saddle numbness, numb bottom, saddle anaesthesia",
    "shooting pain, electric shock, nerve pain",
    "leg weakness, weak leg, weak legs, leg giving way",
    "down, low mood, depressed, depression, miserable, fed up",
    "bendy, double jointed, hypermobile, hypermobility",
    "heavy bag, handbag, rucksack, backpack, school bag",
]


def seed(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    Synonym.objects.bulk_create([Synonym(terms=terms) for terms in SYNONYMS], ignore_conflicts=True)


def unseed(apps, schema_editor):
    apps.get_model("search", "Synonym").objects.filter(terms__in=SYNONYMS).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0005_document_vectors")]

    operations = [migrations.RunPython(seed, unseed)]
