#!/usr/bin/python3
"""Validates SARIF files against the SARIF 2.1.0 JSON schema (tests/data), with Debian's
python3-jsonschema: validate_sarif.py SCHEMA FILE... Prints each error with its path."""
import json
import sys

import jsonschema


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    if not schema.get("$id", "").endswith("sarif-schema-2.1.0.json"):
        sys.exit(f"{sys.argv[1]}: not the SARIF 2.1.0 schema")
    validator = jsonschema.Draft7Validator(schema)
    failed = False
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as f:
            log = json.load(f)
        errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
        for e in errors:
            print(f"{path}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
        failed = failed or bool(errors)
        print(f"{path}: {'invalid' if errors else 'valid'}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
