"""A starting list of clinical terms with plain alternatives (NHS plain-language advice), and the roles' rights."""

from django.db import migrations

from articles.roles import sync_role_groups

TERMS = {
    "paraesthesia": "pins and needles",
    "paresthesia": "pins and needles",
    "musculoskeletal": "muscles and bones",
    "lumbar": "lower back",
    "thoracic": "upper back",
    "cervical": "neck",
    "radiculopathy": "pain from a trapped or irritated nerve",
    "intervertebral disc": "disc between the bones of the spine",
    "herniated disc": "slipped disc",
    "disc herniation": "slipped disc",
    "vertebrae": "bones of the spine",
    "analgesic": "painkiller",
    "analgesia": "pain relief",
    "nsaid": "anti-inflammatory painkiller, such as ibuprofen",
    "non-steroidal anti-inflammatory": "anti-inflammatory painkiller, such as ibuprofen",
    "acute": "sudden or short-lived",
    "chronic": "long-lasting",
    "idiopathic": "with no known cause",
    "aetiology": "cause",
    "etiology": "cause",
    "prognosis": "how it is likely to go",
    "bilateral": "on both sides",
    "unilateral": "on one side",
    "inflammation": "swelling and soreness",
    "stenosis": "narrowing",
    "degenerative": "wear and tear",
    "spondylosis": "wear and tear of the spine",
    "spondylolisthesis": "a bone of the spine slipped forward",
    "ambulation": "walking",
    "mobilisation": "gentle movement",
    "contraindicated": "should not be used",
    "asymptomatic": "without symptoms",
    "comorbidity": "another health condition",
    "exacerbation": "flare-up",
    "flexion": "bending forward",
    "neuropathic pain": "nerve pain",
    "cauda equina syndrome": "squeezed nerves at the base of the spine (an emergency)",
    "incontinence": "not being able to control your bladder or bowels",
    "sedentary": "sitting still a lot",
    "pathology": "disease or damage",
}


def seed(apps, schema_editor):
    ClinicalTerm = apps.get_model("editorial", "ClinicalTerm")
    ClinicalTerm.objects.bulk_create(
        [ClinicalTerm(term=term, lay_alternative=lay) for term, lay in TERMS.items()], ignore_conflicts=True
    )
    sync_role_groups(apps)


def unseed(apps, schema_editor):
    apps.get_model("editorial", "ClinicalTerm").objects.filter(term__in=TERMS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("feedback", "0002_roles"),
        ("sources", "0002_roles"),
        ("search", "0004_documents_removed_by_the_index"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
