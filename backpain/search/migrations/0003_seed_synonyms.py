"""A starting set of synonyms: the words patients use next to the words clinicians write."""

from django.db import migrations

SYNONYMS = [
    "slipped disc, herniated disc, bulging disc, disc herniation, prolapsed disc, ruptured disc, slipped disk, herniated disk, bulging disk",
    "ibuprofen, nsaid, nsaids, anti-inflammatory, anti-inflammatories, naproxen, painkiller, painkillers, pain relief, pain medication",
    "paracetamol, acetaminophen, tylenol",
    "lower back, lumbar, low back",
    "upper back, thoracic",
    "pins and needles, tingling, paresthesia, numbness, numb",
    "sciatica, sciatic nerve, radiculopathy, pain down the leg, pain down my leg, leg pain",
    "physio, physiotherapy, physical therapy, physiotherapist, physical therapist, pt",
    "stress, anxiety, anxious, worry, worried, tension",
    "doctor, gp, physician, healthcare provider, medical advice",
    "exercise, exercises, workout, activity, physical activity",
    "stretch, stretches, stretching, yoga",
    "walk, walking, stroll",
    "heat, hot pack, heating pad, warm compress, hot water bottle",
    "ice, cold pack, cold compress, ice pack",
    "bed rest, lying down, rest in bed",
    "sitting, sit, desk, office chair",
    "spasm, spasms, muscle cramp, cramp",
    "pain, sore, ache, aching, hurt, hurts, hurting, painful",
    "diet, food, eat, eating, nutrition",
    "sleep, sleeping, mattress, insomnia",
    "surgery, operation, spinal surgery",
    "spine, backbone, spinal column",
    "mri, scan, imaging, x-ray",
]


def seed(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    Synonym.objects.bulk_create([Synonym(terms=terms) for terms in SYNONYMS], ignore_conflicts=True)


def unseed(apps, schema_editor):
    apps.get_model("search", "Synonym").objects.filter(terms__in=SYNONYMS).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0002_search_index")]

    operations = [migrations.RunPython(seed, unseed)]
