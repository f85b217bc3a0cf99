"""The OpenAPI 3 schema: valid, complete (every operation declares its responses), no docs page."""

from __future__ import annotations

import json
from typing import Any

from openapi_spec_validator import validate

from samen.web.api.tests.fixtures import ApiTestCase


class OpenApiSchemaTest(ApiTestCase):
    def schema(self) -> dict[str, Any]:
        response = self.client.get("/api/v1/openapi.json")
        self.assertEqual(response.status_code, 200)
        result: dict[str, Any] = response.json()
        return result

    def test_the_schema_validates(self) -> None:
        schema = self.schema()
        validate(schema)  # raises OpenAPIValidationError when the document is not valid
        self.assertEqual((schema["info"]["title"], schema["info"]["version"]), ("Samen API", "1"))
        self.assertTrue(schema["openapi"].startswith("3."))

    def test_every_operation_declares_its_responses_with_schemas(self) -> None:
        schema = self.schema()
        operations = [(path, method, op) for path, item in schema["paths"].items()
                      for method, op in item.items()]
        self.assertGreaterEqual(len(operations), 11)
        for path, method, op in operations:
            with self.subTest(path=path, method=method):
                responses = op["responses"]
                self.assertIn("401", responses)
                self.assertTrue(any(code.startswith("2") for code in responses))
                for code, response in responses.items():
                    self.assertIn("application/json", response.get("content", {}), code)
                    if not code.startswith("2"):
                        self.assertEqual(response["content"]["application/json"]["schema"],
                                         {"$ref": "#/components/schemas/ErrorBody"})
                if "{" in path:
                    self.assertIn("404", responses)
                    self.assertIn("422", responses)
                if method in ("post", "patch"):
                    self.assertTrue({"400", "403", "422"} <= set(responses))
                self.assertEqual(op["security"], [{"BearerAuth": []}, {"SessionAuth": []}])

    def test_no_docs_page_and_no_cdn(self) -> None:
        self.login(self.clara)
        self.assert_error(self.client.get("/api/v1/docs"), 404, "not_found")
        text = json.dumps(self.schema())
        self.assertNotIn("cdn.", text)
        self.assertNotIn("<script", text)
