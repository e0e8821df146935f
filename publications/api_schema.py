"""The OpenAPI 3.1 document of the results API (:mod:`publications.api`), served at /api/ket-qua/openapi.json.

Written by hand, next to the functions that build each response: the views are plain Django views, so
there is nothing to generate it from. It is kept true in two ways: every object forbids properties it does
not list, and tests/publications/test_api.py validates real responses against it, while
tests/publications/test_api_schemathesis.py has schemathesis call every operation with generated input.
"""

from __future__ import annotations

SCORE = r"^[0-9]+\.[0-9]{2}$"
CHANGE = r"^-?[0-9]+\.[0-9]{2}$"
INDEX = r"^[0-9]+\.[0-9]{4}$"
# A cohort's key is its level's code, followed for a district's communes by the district's code, slugified.
COHORT_KEY = r"^[A-Za-z0-9_-]+$"
AGENCY_CODE = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties: dict, description: str = "") -> dict:
    """An object with every listed property present and no other."""
    schema = {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def _decimal(pattern: str, description: str, nullable: bool = False) -> dict:
    return {"type": ["string", "null"] if nullable else "string", "pattern": pattern, "description": description}


def _json_response(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict:
    return _json_response(description, _ref("Error"))


YEAR_PARAMETER = {
    "name": "year",
    "in": "path",
    "required": True,
    "description": "The evaluated year, as the results page names it.",
    "schema": {"type": "integer", "minimum": 1000, "maximum": 9999},
    "example": 2024,
}

SCHEMAS = {
    "Error": _object(
        {
            "code": {
                "type": "string",
                "description": "For programs: what was refused.",
                "enum": [
                    "invalid_year",
                    "invalid_page",
                    "invalid_page_size",
                    "unknown_parameter",
                    "repeated_parameter",
                    "year_not_published",
                    "cohort_not_published",
                    "page_out_of_range",
                    "agency_not_published",
                    "not_found",
                    "method_not_allowed",
                ],
            },
            "message": {"type": "string", "description": "For people, in Vietnamese."},
        },
        "A refused request.",
    ),
    "CohortLink": _object(
        {
            "key": {"type": "string", "pattern": COHORT_KEY},
            "title": {"type": "string"},
            "api_url": {"type": "string", "description": "The cohort's ranking in this API (a path)."},
        }
    ),
    "PublishedYear": _object(
        {
            "year": {"type": "integer"},
            "title": {"type": "string", "description": "The results page's title."},
            "url": {"type": "string", "description": "The results page on the portal (a full URL)."},
            "api_url": {"type": "string", "description": "The year in this API (a path)."},
            "cohorts": {"type": "array", "items": _ref("CohortLink")},
        }
    ),
    "Group": _object(
        {
            "code": {"type": "string"},
            "title": {"type": "string"},
            "max_points": _decimal(SCORE, "The group's maximum points."),
        }
    ),
    "Cohort": _object(
        {
            "key": {"type": "string", "pattern": COHORT_KEY},
            "title": {"type": "string"},
            "level": {"type": "string", "description": "The agency level's code."},
            "within": {
                "description": "The district whose communes the cohort holds; null for a province-wide cohort.",
                "oneOf": [_object({"code": {"type": "string"}, "name": {"type": "string"}}), {"type": "null"}],
            },
            "version": {"type": "integer", "minimum": 1, "description": "The approved version published."},
            "approved_at": {"type": "string", "format": "date-time"},
            "approving_agency": {"type": "string"},
            "reason": {"type": "string", "description": "Why this version replaced the previous one (may be empty)."},
            "criteria": _object(
                {
                    "title": {"type": "string"},
                    "revision": {"type": "integer", "description": "The criteria set's revision scored against."},
                }
            ),
            "maximum": _decimal(SCORE, "The most points an agency can score."),
            "groups": {"type": "array", "items": _ref("Group")},
            "agencies": {"type": "integer", "minimum": 0, "description": "Agencies listed, reported or not."},
            "ranked": {"type": "integer", "minimum": 0, "description": "Agencies that reported and are ranked."},
            "api_url": {"type": "string", "description": "The cohort's ranking in this API (a path)."},
        },
        "A cohort as approved: its approval and what it was scored against.",
    ),
    "YearDetail": _object(
        {
            "year": {"type": "integer"},
            "title": {"type": "string"},
            "url": {"type": "string"},
            "cohorts": {"type": "array", "items": _ref("Cohort")},
        }
    ),
    "Row": _object(
        {
            "rank": {"type": ["integer", "null"], "minimum": 1, "description": "Null: did not report."},
            "code": {"type": "string"},
            "name": {"type": "string"},
            "reported": {"type": "boolean"},
            "groups": {
                "type": "array",
                "items": _object({"code": {"type": "string"}, "score": _decimal(SCORE, "", nullable=True)}),
                "description": "The score of each of the cohort's groups, in the cohort's order.",
            },
            "total": _decimal(SCORE, "Total points.", nullable=True),
            "index": _decimal(INDEX, "Total over the applicable maximum, 0 to 1.", nullable=True),
            "band": {"type": "string", "description": "Empty when the agency did not report."},
            "rank_change": {
                "type": ["integer", "null"],
                "description": "Places gained since the previous published year (negative: lost).",
            },
            "total_change": _decimal(CHANGE, "Points gained since the previous published year.", nullable=True),
            "new": {"type": "boolean", "description": "Not in the cohort of the previous published year."},
        },
        "An agency's line of the ranking.",
    ),
    "CohortPage": _object(
        {
            "year": {"type": "integer"},
            "cohort": _ref("Cohort"),
            "count": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "page_size": {"type": "integer", "minimum": 1, "maximum": 1000},
            "pages": {"type": "integer", "minimum": 1},
            "next": {"type": ["string", "null"], "description": "The next page (a path), or null."},
            "previous": {"type": ["string", "null"], "description": "The previous page (a path), or null."},
            "results": {"type": "array", "items": _ref("Row")},
        },
        "One page of a cohort's ranking: ranked agencies by rank, then those that did not report, by name.",
    ),
    "Change": _object(
        {
            "self_score": _decimal(SCORE, "What the agency scored itself."),
            "appraised_score": _decimal(SCORE, "What the appraiser decided."),
            "reason": {"type": "string"},
        },
        "The appraiser's correction of an indicator.",
    ),
    "AgencyYear": _object(
        {
            "year": {"type": "integer"},
            "url": {"type": "string", "description": "The year's results page (a full URL)."},
            "cohort": {"type": "string", "description": "The province-wide cohort's title."},
            "criteria": _object({"title": {"type": "string"}, "revision": {"type": "integer"}}),
            "rank": {"type": ["integer", "null"], "minimum": 1},
            "reported": {"type": "boolean"},
            "total": _decimal(SCORE, "", nullable=True),
            "index": _decimal(INDEX, "", nullable=True),
            "band": {"type": "string"},
            "groups": {
                "type": "array",
                "items": _object(
                    {
                        "code": {"type": "string"},
                        "title": {"type": "string"},
                        "score": _decimal(SCORE, "", nullable=True),
                        "max_points": _decimal(SCORE, ""),
                    }
                ),
            },
            "indicators": {
                "type": "array",
                "items": _object(
                    {
                        "code": {"type": "string"},
                        "title": {"type": "string"},
                        "score": _decimal(SCORE, "The final score.", nullable=True),
                        "change": {"oneOf": [_ref("Change"), {"type": "null"}]},
                    }
                ),
            },
        }
    ),
    "AgencyHistory": _object(
        {
            "code": {"type": "string"},
            "name": {"type": "string", "description": "As the latest year published it."},
            "years": {"type": "array", "items": _ref("AgencyYear"), "minItems": 1},
        }
    ),
}

SCHEMA = {
    "openapi": "3.1.0",
    "info": {
        "title": "Kết quả đánh giá Chính quyền số — API",
        "version": "1.0.0",
        "description": (
            "The approved results the portal's live results pages publish, read-only. "
            "Numbers are strings with a fixed number of decimals; times are ISO 8601. See docs/results-api.md."
        ),
    },
    "servers": [{"url": "/"}],
    "paths": {
        "/api/ket-qua/": {
            "get": {
                "operationId": "listYears",
                "summary": "The published years, newest first, with their cohorts",
                "responses": {
                    "200": _json_response("The published years.", {"type": "array", "items": _ref("PublishedYear")}),
                    "400": _error("A query parameter was given: this address takes none."),
                },
            }
        },
        "/api/ket-qua/{year}/": {
            "get": {
                "operationId": "getYear",
                "summary": "A published year's cohorts, with their approval and criteria",
                "parameters": [YEAR_PARAMETER],
                "responses": {
                    "200": _json_response("The year as published.", _ref("YearDetail")),
                    "400": _error("The year is not a four-digit number, or a query parameter was given."),
                    "404": _error("No results are published for that year."),
                },
            }
        },
        "/api/ket-qua/{year}/{cohort_key}/": {
            "get": {
                "operationId": "getCohort",
                "summary": "A cohort's ranking, one page at a time",
                "parameters": [
                    YEAR_PARAMETER,
                    {
                        "name": "cohort_key",
                        "in": "path",
                        "required": True,
                        "description": "A key the year lists, e.g. `department` or `commune-huyen-can-loc`.",
                        "schema": {"type": "string", "pattern": COHORT_KEY, "maxLength": 100},
                        "example": "department",
                    },
                    {
                        "name": "page",
                        "in": "query",
                        "required": False,
                        "description": "The page, from 1.",
                        "schema": {"type": "integer", "minimum": 1, "default": 1},
                    },
                    {
                        "name": "page_size",
                        "in": "query",
                        "required": False,
                        "description": "Agencies per page.",
                        "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100},
                    },
                ],
                "responses": {
                    "200": _json_response("One page of the ranking.", _ref("CohortPage")),
                    "400": _error("A bad year, page or page size, or an unknown or repeated query parameter."),
                    "404": _error("No such published year or cohort, or a page past the last one."),
                },
            }
        },
        "/api/ket-qua/co-quan/{code}/": {
            "get": {
                "operationId": "getAgency",
                "summary": "An agency's results in each published year, oldest first",
                "parameters": [
                    {
                        "name": "code",
                        "in": "path",
                        "required": True,
                        "description": "The agency's code, as the rankings list it.",
                        "schema": {"type": "string", "pattern": AGENCY_CODE, "maxLength": 40},
                        "example": "SO-NV",
                    }
                ],
                "responses": {
                    "200": _json_response("The agency's published years.", _ref("AgencyHistory")),
                    "400": _error("A query parameter was given: this address takes none."),
                    "404": _error("No published results name this agency."),
                },
            }
        },
    },
    "components": {"schemas": SCHEMAS},
}
