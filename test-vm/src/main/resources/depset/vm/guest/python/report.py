"""depset's python guest: a program whose work is done by native extension modules.

YAML is read with PyYAML's C loader (the _yaml extension over libyaml), the document is built and
transformed with lxml (its etree extension over libxml2 and libxslt), and the result printed. A missing
shared object is an ImportError, not a silent fallback: the C loader is asked for by name.
"""
import hashlib
import sys

import yaml
from lxml import etree

with open("/opt/depset/services.yaml", encoding="utf-8") as f:
    doc = yaml.load(f, Loader=yaml.CLoader)

root = etree.Element("services")
for s in doc["services"]:
    etree.SubElement(root, "service", name=s["name"], kind=s["kind"], port=str(s["port"]))

transform = etree.XSLT(etree.parse("/opt/depset/table.xsl"))
sys.stdout.write(str(transform(root)))
xml = etree.tostring(root, encoding="UTF-8", xml_declaration=False)
print("services:", len(root), "sha256:", hashlib.sha256(xml).hexdigest()[:16])
print("libyaml:", yaml.__with_libyaml__, "libxml2:", ".".join(map(str, etree.LIBXML_VERSION)))
