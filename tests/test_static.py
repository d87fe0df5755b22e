"""Repo-level static checks of the logistics add-on suite.

Run by ``./dev lint`` / ``./dev test`` (``pytest tests/``); no database and no Odoo
import are needed. Every rule is parametrized so that each module or file gets its own
test id. Environment:

* ``LOGISTICS_REPO_ROOT``: repository to check (default: the one holding this file);
  point it at a broken copy to see the checks fail.
* ``ODOO_SRC``: Odoo 18.0 source tree, to tell core modules (default ``/opt/odoo-src``).
"""

import ast
import configparser
import csv
import functools
import glob
import os
import re
from pathlib import Path, PurePosixPath

import pytest
import yaml
from lxml import etree

try:
    import polib
except ImportError:  # polib comes with Odoo's requirements; keep a fallback anyway
    polib = None

ROOT = Path(os.environ.get("LOGISTICS_REPO_ROOT") or Path(__file__).resolve().parent.parent)
ADDONS = ROOT / "addons"
ODOO_SRC = Path(os.environ.get("ODOO_SRC") or "/opt/odoo-src")

REQUIRED_MANIFEST_KEYS = (
    "name",
    "version",
    "license",
    "author",
    "website",
    "category",
    "depends",
    "data",
    "installable",
)
VERSION_RE = re.compile(r"^18\.0\.\d+\.\d+\.\d+$")
# The selection of ir.module.module.license in Odoo 18.0.
ODOO_LICENSES = {
    "GPL-2",
    "GPL-2 or any later version",
    "GPL-3",
    "GPL-3 or any later version",
    "AGPL-3",
    "LGPL-3",
    "Other OSI approved licence",
    "OEEL-1",
    "OPL-1",
    "Other proprietary",
}
# Dependencies each module must have (others may be added).
EXPECTED_DEPENDS = {
    "logistics_crm": {"crm", "sale_management", "contacts"},
    "logistics_service": {"logistics_crm", "sale_margin", "survey", "rating", "portal"},
    "logistics_receivable": {"logistics_crm", "account", "sale_margin"},
    "logistics_supplier": {"logistics_service", "purchase"},
}
# Files of a module that are data files and must be listed in its manifest.
DATA_SUFFIXES = {".xml", ".csv"}
NOT_DATA_DIRS = {"static", "tests", "i18n", "readme", "migrations", "upgrades"}


# ---------------------------------------------------------------- discovery
def _modules():
    if not ADDONS.is_dir():
        return []
    return sorted(p.parent.name for p in ADDONS.glob("*/__manifest__.py"))


def _files(*suffixes):
    """Files under addons/ with one of the suffixes, as paths relative to addons/."""
    if not ADDONS.is_dir():
        return []
    return sorted(
        str(p.relative_to(ADDONS))
        for p in ADDONS.rglob("*")
        if p.is_file() and p.suffix in suffixes and "__pycache__" not in p.parts
    )


MODULES = _modules()
XML_FILES = _files(".xml")
PY_FILES = _files(".py")
PO_FILES = _files(".po", ".pot")
ACCESS_CSV_FILES = [f for f in _files(".csv") if Path(f).name == "ir.model.access.csv"]


@functools.cache
def manifest(module):
    """The manifest dict of an addons/ module, read the way Odoo reads it."""
    return ast.literal_eval((ADDONS / module / "__manifest__.py").read_text(encoding="utf-8"))


@functools.cache
def core_modules():
    """Names of the modules shipped with Odoo in $ODOO_SRC."""
    roots = [ODOO_SRC / "addons", ODOO_SRC / "odoo" / "addons"]
    assert all(r.is_dir() for r in roots), f"ODOO_SRC={ODOO_SRC} is not an Odoo source tree"
    return frozenset(p.parent.name for r in roots for p in r.glob("*/__manifest__.py"))


def _problems(problems):
    """Assertion message: one problem a line."""
    return "\n  " + "\n  ".join(problems)


# ---------------------------------------------------------------- manifests
@pytest.mark.parametrize("module", MODULES)
def test_manifest(module):
    """The manifest is a literal dict with the required keys, an 18.0 version, a license."""
    data = manifest(module)
    assert isinstance(data, dict), "__manifest__.py is not a dict literal"
    missing = [k for k in REQUIRED_MANIFEST_KEYS if k not in data]
    assert not missing, f"missing manifest keys: {missing}"
    assert VERSION_RE.match(str(data["version"])), f"version {data['version']!r} is not 18.0.x.y.z"
    assert data["license"] in ODOO_LICENSES, f"license {data['license']!r} is not an Odoo license"
    assert isinstance(data["depends"], list) and isinstance(data["data"], list)
    assert data["installable"] is True, "module is not installable"


def _asset_paths(item):
    """The file paths (globs) named by one entry of a manifest 'assets' bundle."""
    if isinstance(item, str):
        return [item]
    op, *args = item
    if op == "include":  # names a bundle, not a file
        return []
    return [a for a in args if isinstance(a, str)]


def _asset_matches(path):
    """Files matching an asset path such as 'my_module/static/src/**/*.js'."""
    path = path.lstrip("/")
    addon = PurePosixPath(path).parts[0]
    roots = (
        [ADDONS]
        if (ADDONS / addon).is_dir()
        else [ODOO_SRC / "addons", ODOO_SRC / "odoo" / "addons"]
    )
    return [m for r in roots for m in glob.glob(str(r / path), recursive=True) if os.path.isfile(m)]


@pytest.mark.parametrize("module", MODULES)
def test_manifest_files_exist(module):
    """Every 'data' and 'demo' file and every 'assets' path (or glob) exists."""
    data = manifest(module)
    problems = [
        f"{key}: {name}"
        for key in ("data", "demo")
        for name in data.get(key, [])
        if not (ADDONS / module / name).is_file()
    ]
    for bundle, items in data.get("assets", {}).items():
        for item in items:
            for path in _asset_paths(item):
                if path.startswith(("http://", "https://")):
                    continue
                if not _asset_matches(path):
                    problems.append(f"assets[{bundle}]: {path} matches no file")
    assert not problems, "missing files:" + _problems(problems)


@pytest.mark.parametrize("module", MODULES)
def test_data_files_listed_in_manifest(module):
    """Every XML/CSV data file of the module is loaded: listed in 'data' or 'demo'."""
    data = manifest(module)
    listed = {os.path.normpath(f) for f in data.get("data", []) + data.get("demo", [])}
    base = ADDONS / module
    unlisted = sorted(
        str(p.relative_to(base))
        for p in base.rglob("*")
        if p.suffix in DATA_SUFFIXES
        and not NOT_DATA_DIRS & set(p.relative_to(base).parts[:-1])
        and os.path.normpath(p.relative_to(base)) not in listed
    )
    assert not unlisted, "files never loaded (not in manifest data/demo):" + _problems(unlisted)


@pytest.mark.parametrize("module", MODULES)
def test_depends_are_known(module):
    """Dependencies are Odoo core modules ($ODOO_SRC) or modules of this repository."""
    unknown = [
        d for d in manifest(module)["depends"] if d not in core_modules() and d not in MODULES
    ]
    assert not unknown, f"unknown dependencies (not in Odoo core nor addons/): {unknown}"


@pytest.mark.parametrize("module", sorted(EXPECTED_DEPENDS))
def test_expected_depends(module):
    """The module exists and depends on (at least) its expected modules."""
    assert module in MODULES, f"module {module} is missing from {ADDONS}"
    missing = EXPECTED_DEPENDS[module] - set(manifest(module)["depends"])
    assert not missing, f"missing dependencies: {sorted(missing)}"


# ---------------------------------------------------------------- module layout
@pytest.mark.parametrize("module", MODULES)
def test_module_layout(module):
    """Readme, translations, tests and access rights are where OCA/Odoo tooling expects."""
    base = ADDONS / module
    required = {
        "readme/DESCRIPTION.md (or .rst)": any(
            (base / "readme" / f"DESCRIPTION.{ext}").is_file() for ext in ("md", "rst")
        ),
        f"i18n/{module}.pot": (base / "i18n" / f"{module}.pot").is_file(),
        "i18n/zh_CN.po": (base / "i18n" / "zh_CN.po").is_file(),
        "tests/__init__.py": (base / "tests" / "__init__.py").is_file(),
        "tests/test_*.py": any((base / "tests").glob("test_*.py")),
        "security/ir.model.access.csv": (base / "security" / "ir.model.access.csv").is_file(),
    }
    missing = [name for name, present in required.items() if not present]
    assert not missing, "missing:" + _problems(missing)


@pytest.mark.parametrize("module", MODULES)
def test_test_files_imported(module):
    """Odoo only runs the test files that tests/__init__.py imports."""
    tests = ADDONS / module / "tests"
    init = tests / "__init__.py"
    assert init.is_file(), "no tests/__init__.py"
    imported = set()
    for node in ast.walk(ast.parse(init.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                imported.add(node.module.split(".")[0])
            else:
                imported.update(alias.name for alias in node.names)
    not_run = sorted(p.name for p in tests.glob("test_*.py") if p.stem not in imported)
    assert not not_run, "test files not imported by tests/__init__.py:" + _problems(not_run)


# ---------------------------------------------------------------- models and access rights
def _class_attr(cls, name):
    """The literal value of a class-level assignment `name = <literal>`, else None."""
    for stmt in cls.body:
        if isinstance(stmt, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in stmt.targets
        ):
            try:
                return ast.literal_eval(stmt.value)
            except ValueError:
                return None
    return None


def defined_models(module):
    """Models a module creates: classes with a `_name` that are not abstract.

    Extensions (`_inherit` only, or `_name` equal to an inherited model) and
    AbstractModel classes need no access rule; Model and TransientModel do.
    Test-only models under tests/ are ignored.
    """
    models = set()
    base = ADDONS / module
    for path in base.rglob("*.py"):
        if "tests" in path.relative_to(base).parts:
            continue
        for cls in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(cls, ast.ClassDef):
                continue
            name = _class_attr(cls, "_name")
            if not isinstance(name, str):
                continue
            if any(ast.unparse(b).endswith("AbstractModel") for b in cls.bases):
                continue
            if _class_attr(cls, "_abstract") is True:
                continue
            inherit = _class_attr(cls, "_inherit")
            if name == inherit or (isinstance(inherit, list | tuple) and name in inherit):
                continue
            models.add(name)
    return models


def _read_access_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


@functools.cache
def access_model_ids():
    """`model_x_y` ids given access by any ir.model.access.csv or XML record of the suite."""
    ids = set()
    for rel in ACCESS_CSV_FILES:
        header, *rows = _read_access_csv(ADDONS / rel)
        col = next((i for i, h in enumerate(header) if h in ("model_id:id", "model_id/id")), None)
        if col is not None:
            ids.update(row[col].split(".")[-1] for row in rows if len(row) > col)
    for rel in XML_FILES:
        try:
            tree = etree.parse(str(ADDONS / rel))
        except etree.XMLSyntaxError:
            continue
        for field in tree.iterfind(".//record[@model='ir.model.access']/field[@name='model_id']"):
            ids.add((field.get("ref") or "").split(".")[-1])
    return ids


@pytest.mark.parametrize("module", MODULES)
def test_models_have_access_rules(module):
    """Every Model/TransientModel the module defines has an ir.model.access line."""
    missing = sorted(
        m
        for m in defined_models(module)
        if "model_" + m.replace(".", "_") not in access_model_ids()
    )
    assert not missing, "models without any ir.model.access rule:" + _problems(missing)


@pytest.mark.parametrize("rel", ACCESS_CSV_FILES)
def test_access_csv(rel):
    """ir.model.access.csv has Odoo's columns, full rows and unique ids."""
    header, *rows = _read_access_csv(ADDONS / rel)
    expected = {"id", "name", "perm_read", "perm_write", "perm_create", "perm_unlink"}
    assert expected <= set(header), f"header lacks {sorted(expected - set(header))}"
    assert {"model_id:id", "model_id/id"} & set(header), "header lacks model_id:id"
    problems = [
        f"line {n}: {len(r)} columns" for n, r in enumerate(rows, 2) if len(r) != len(header)
    ]
    ids = [r[0] for r in rows if r]
    problems += [f"duplicate id {i}" for i in sorted({i for i in ids if ids.count(i) > 1})]
    assert not problems, _problems(problems)


# ---------------------------------------------------------------- XML
@pytest.mark.parametrize("rel", XML_FILES)
def test_xml_parses(rel):
    """The XML file is well-formed."""
    etree.parse(str(ADDONS / rel))


def _legacy_xml(tree):
    """Odoo <=17 (or 19) idioms that Odoo 18 rejects or deprecates, as (line, text)."""
    for el in tree.iter():
        if not isinstance(el.tag, str):  # comments, processing instructions
            continue
        if el.tag == "tree":
            yield el.sourceline, "<tree> view element (use <list>)"
        for attr in ("attrs", "states"):
            if attr in el.attrib:
                yield el.sourceline, f'{attr}="..." attribute (use invisible/readonly/required)'
        if el.tag == "record" and el.get("model") == "ir.cron":
            for field in el.iterfind("field"):
                if field.get("name") in ("numbercall", "doall"):
                    yield field.sourceline, f"ir.cron field {field.get('name')} (removed in 17.0)"
        if el.tag == "field" and el.get("name") == "view_mode" and "tree" in (el.text or ""):
            yield el.sourceline, f"view_mode {el.text.strip()!r} (use 'list')"


@pytest.mark.parametrize("rel", XML_FILES)
def test_xml_no_legacy_idioms(rel):
    """No <tree>, attrs=/states=, tree view_mode, ir.cron numbercall/doall."""
    found = [f"line {line}: {text}" for line, text in _legacy_xml(etree.parse(str(ADDONS / rel)))]
    assert not found, "not Odoo 18 XML:" + _problems(found)


# ---------------------------------------------------------------- Python
LEGACY_PY_ATTRS = {
    ("models", "Constraint"): "models.Constraint (Odoo 19; use _sql_constraints)",
    ("models", "Index"): "models.Index (Odoo 19)",
    ("models", "UniqueIndex"): "models.UniqueIndex (Odoo 19)",
    ("api", "multi"): "@api.multi (removed in 13.0)",
    ("api", "one"): "@api.one (removed in 13.0)",
}
LEGACY_PY_NAMES = {"numbercall", "doall"}  # ir.cron fields removed in 17.0


def _legacy_py(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            text = LEGACY_PY_ATTRS.get((node.value.id, node.attr))
            if text:
                yield node.lineno, text
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "fields"
            and any(k.arg == "states" for k in node.keywords)
        ):
            yield (
                node.lineno,
                "fields.X(states=...) (removed in 17.0; use readonly=<domain> in views)",
            )
        name = None
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            name = node.value
        elif isinstance(node, ast.keyword):
            name = node.arg
        elif isinstance(node, ast.Name):
            name = node.id
        if name in LEGACY_PY_NAMES:
            yield getattr(node, "lineno", "?"), f"ir.cron {name} (removed in 17.0)"


@pytest.mark.parametrize("rel", PY_FILES)
def test_python_no_legacy_idioms(rel):
    """The Python file parses and uses no Odoo 19 / pre-18 API listed above."""
    tree = ast.parse((ADDONS / rel).read_text(encoding="utf-8"), filename=rel)
    found = [f"line {line}: {text}" for line, text in _legacy_py(tree)]
    assert not found, "not Odoo 18 Python:" + _problems(found)


# ---------------------------------------------------------------- translations
def _po_entries(path):
    """(msgctxt, msgid, translated) for each non-obsolete entry, header included."""
    assert path.is_file(), f"{path.relative_to(ADDONS)} does not exist"
    if polib is not None:
        po = polib.pofile(str(path))
        return [
            (e.msgctxt, e.msgid, bool(e.msgstr or any(e.msgstr_plural.values())))
            for e in po
            if not e.obsolete
        ] + [(None, "", True)]
    return _parse_po_fallback(path)


def _parse_po_fallback(path):
    """Minimal .po reader: msgctxt/msgid/msgstr[...] with continuation lines."""
    entries, cur, key = [], {}, None

    def flush():
        if "msgid" in cur:
            strs = [v for k, v in cur.items() if k.startswith("msgstr")]
            entries.append((cur.get("msgctxt"), cur["msgid"], any(strs)))
        cur.clear()

    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        m = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"(.*)"$', line)
        if m:
            if m.group(1) in ("msgctxt", "msgid") and (
                "msgstr" in "".join(cur) or m.group(1) in cur
            ):
                flush()
            key = m.group(1)
            cur[key] = ast.literal_eval(f'"{m.group(2)}"')
        elif line.startswith('"') and line.endswith('"') and key:
            cur[key] += ast.literal_eval(line)
        else:
            raise ValueError(f"{path}:{n}: cannot parse {line!r}")
    flush()
    return entries


@pytest.mark.parametrize("rel", PO_FILES)
def test_po_parses(rel):
    """The .po/.pot file parses and has no duplicate message."""
    keys = [(ctx, msgid) for ctx, msgid, _ in _po_entries(ADDONS / rel) if msgid]
    dups = sorted({k[1] for k in keys if keys.count(k) > 1})
    assert not dups, "duplicate msgids:" + _problems(dups)


@pytest.mark.parametrize("module", MODULES)
def test_zh_cn_fully_translated(module):
    """i18n/zh_CN.po translates every message, including every term of the .pot."""
    i18n = ADDONS / module / "i18n"
    po = _po_entries(i18n / "zh_CN.po")
    problems = [f"untranslated: {msgid!r}" for _, msgid, done in po if msgid and not done]
    pot = i18n / f"{module}.pot"
    if pot.is_file():
        in_po = {(ctx, msgid) for ctx, msgid, _ in po}
        problems += [
            f"in {pot.name} but not in zh_CN.po: {msgid!r}"
            for ctx, msgid, _ in _po_entries(pot)
            if msgid and (ctx, msgid) not in in_po
        ]
    assert not problems, "zh_CN.po is incomplete:" + _problems(problems)


# ---------------------------------------------------------------- Docker route
@functools.cache
def compose():
    path = ROOT / "docker-compose.yml"
    assert path.is_file(), "no docker-compose.yml at the repository root"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and isinstance(data.get("services"), dict), "no services"
    return data


def _mounts(service):
    """(source, target, kind) of each volume of a service; kind: bind, volume, anonymous."""
    for vol in compose()["services"][service].get("volumes", []):
        if isinstance(vol, str):
            parts = vol.split(":")
            source, target = parts[:2] if len(parts) > 1 else ("", parts[0])
        else:
            source, target = vol.get("source", ""), vol.get("target", "")
        if not source:
            kind = "anonymous"
        elif source.startswith((".", "/", "~")):
            kind = "bind"
        else:
            kind = "volume"
        yield source, target, kind


def _db_service():
    names = [
        n
        for n, s in compose()["services"].items()
        if str(s.get("image", "")).startswith("postgres")
    ]
    assert len(names) == 1, f"expected one postgres service, found {names}"
    return names[0]


@functools.cache
def odoo_conf():
    path = ROOT / "odoo.conf"
    assert path.is_file(), "no odoo.conf at the repository root"
    conf = configparser.ConfigParser(interpolation=None)
    conf.read(path, encoding="utf-8")
    assert conf.has_section("options"), "odoo.conf has no [options] section"
    return conf["options"]


def test_compose_images():
    """docker-compose.yml runs the official odoo:18.0 image and postgres:16."""
    services = compose()["services"]
    assert services.get("odoo", {}).get("image") == "odoo:18.0"
    assert re.match(r"^postgres:16([.-].*)?$", str(services.get("db", {}).get("image")))
    assert _db_service() == "db"


@pytest.mark.parametrize("service", ["odoo", "db"])
def test_compose_volumes(service):
    """Bind mounts are repo-relative paths that exist; named volumes are declared."""
    declared = set(compose().get("volumes") or {})
    problems = []
    for source, target, kind in _mounts(service):
        if not target.startswith("/"):
            problems.append(f"{source}: container path {target!r} is not absolute")
        if kind == "volume" and source not in declared:
            problems.append(f"named volume {source!r} is not declared under volumes:")
        if kind == "bind" and not source.startswith("./"):
            problems.append(f"bind mount {source!r} is not relative to the repository")
        elif kind == "bind" and not (ROOT / source).exists():
            problems.append(f"bind mount {source!r} does not exist in the repository")
    assert not problems, _problems(problems)


def test_compose_odoo_service():
    """The odoo service reaches the db service, mounts ./odoo.conf, listens on loopback."""
    odoo = compose()["services"]["odoo"]
    db = _db_service()
    env = odoo.get("environment") or {}
    if isinstance(env, list):
        env = dict(e.split("=", 1) for e in env)
    assert env.get("HOST", db) == db, "HOST must name the postgres service"
    db_env = compose()["services"][db].get("environment") or {}
    if isinstance(db_env, list):
        db_env = dict(e.split("=", 1) for e in db_env)
    assert env.get("USER") == db_env.get("POSTGRES_USER"), "USER differs from POSTGRES_USER"
    assert env.get("PASSWORD") == db_env.get("POSTGRES_PASSWORD"), "PASSWORD mismatch"
    depends = odoo.get("depends_on") or []
    assert db in depends, "odoo must depend on the postgres service"
    mounts = {source: target for source, target, _ in _mounts("odoo")}
    assert mounts.get("./odoo.conf") == "/etc/odoo/odoo.conf", "./odoo.conf not at /etc/odoo"
    ports = [str(p) for p in odoo.get("ports", [])]
    assert ports, "odoo publishes no port"
    assert all(p.startswith("127.0.0.1:") for p in ports), f"ports not on loopback: {ports}"


def test_odoo_conf_matches_compose():
    """odoo.conf's addons_path includes where ./addons is mounted; db_host is the db service."""
    options = odoo_conf()
    mounts = {source.rstrip("/"): target for source, target, _ in _mounts("odoo")}
    assert "./addons" in mounts, "docker-compose.yml does not mount ./addons"
    paths = [p.strip().rstrip("/") for p in options.get("addons_path", "").split(",")]
    assert (
        mounts["./addons"].rstrip("/") in paths
    ), f"addons_path {paths} lacks {mounts['./addons']}"
    assert options.get("db_host") == _db_service(), "db_host must be the postgres service name"
    data_dir = options.get("data_dir")
    if data_dir:
        volumes = [t for _, t, kind in _mounts("odoo") if kind == "volume"]
        assert any(data_dir.startswith(v) for v in volumes), f"data_dir {data_dir} not on a volume"
