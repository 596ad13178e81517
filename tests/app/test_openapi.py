"""The OpenAPI document: every endpoint and its error answers; fuzzed in process."""

from __future__ import annotations

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from app.config import Settings
from app.main import create_app

ENDPOINTS = {
    ("/api/v1/health", "get"), ("/api/v1/conv", "post"), ("/api/v1/conv/backward", "post"),
    ("/api/v1/pool", "post"), ("/api/v1/pool/backward", "post"), ("/api/v1/shapes", "post"),
    ("/api/v1/networks", "get"), ("/api/v1/networks/{name}", "get"),
    ("/api/v1/networks/{name}/forward", "post"), ("/api/v1/networks/{name}/backward", "post"),
    ("/api/v1/networks/{name}/explain", "post"), ("/api/v1/networks/{name}/visualize", "post"),
    ("/api/v1/train", "post"), ("/api/v1/samples", "get"), ("/api/v1/samples/{name}.png", "get"),
    ("/api/v1/networks/{name}/features", "post"), ("/api/v1/heads/train", "post"),
    ("/api/v1/heads/predict", "post"),
    ("/api/v1/heads/explain", "post"), ("/api/v1/conv_transpose", "post"),
}
COMPUTE = {(p, m) for p, m in ENDPOINTS if m == "post"}

CONFIG = SchemathesisConfig.from_dict({
    "checks": {
        # A request can fit the schema and still not fit the engine (a 7x7 kernel on a 5x5
        # input): those are answered 422 with a sentence, or 413 above a limit.
        "positive_data_acceptance": {"expected-statuses": ["2xx", "413", "422"]},
        # A preset over the network budget is refused (413) before its input is read.
        "negative_data_rejection": {"expected-statuses": ["400", "404", "405", "413", "415",
                                                          "422"]},
    },
})
schema = schemathesis.openapi.from_asgi(
    "/openapi.json", create_app(Settings(max_macs=5_000_000, max_work_elements=1_000_000, max_train_steps=3,
                        max_network_macs=200_000_000, max_explain_macs=200_000_000,
                        max_head_macs=5_000_000, max_feature_images=2)),
    config=CONFIG,
)


def test_every_endpoint_is_documented(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    found = {(path, method) for path, ops in spec["paths"].items() for method in ops}
    assert found == ENDPOINTS


def test_every_endpoint_documents_its_errors(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path, method in ENDPOINTS:
        responses = spec["paths"][path][method]["responses"]
        assert {"200", "400", "413"} <= set(responses), (path, responses.keys())
        if (path, method) in COMPUTE:
            assert "422" in responses
            schema_ref = responses["422"]["content"]["application/json"]["schema"]["$ref"]
            assert schema_ref.endswith("/ValidationMessage")


def test_request_models_carry_examples(client: TestClient) -> None:
    components = client.get("/openapi.json").json()["components"]["schemas"]
    example = components["ConvRequest"]["examples"][0]
    assert example["input"]["shape"] == [5, 5]
    assert example["weight"]["data"] == [-1.0, 0.0, 1.0, -2.0, 0.0, 2.0, -1.0, 0.0, 1.0]
    for name in ("ConvBackwardRequest", "PoolRequest", "PoolBackwardRequest"):
        assert components[name]["examples"], name


def test_documented_examples_answer_200(client: TestClient) -> None:
    components = client.get("/openapi.json").json()["components"]["schemas"]
    for path, name in [("/api/v1/conv", "ConvRequest"), ("/api/v1/conv/backward", "ConvBackwardRequest"),
                       ("/api/v1/pool", "PoolRequest"), ("/api/v1/pool/backward", "PoolBackwardRequest")]:
        r = client.post(path, json=components[name]["examples"][0])
        assert r.status_code == 200, (path, r.text)


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_api_fuzzed_in_process(case: schemathesis.Case) -> None:
    """No server error, answers that fit their schema, schema-violating requests refused."""
    case.call_and_validate()
