"""botocore's service models for the services hatrack speaks, loaded once, and facts read from them.

The models are the API's specification: operations, shapes, constraints, error codes and their
HTTP statuses all come from the ``service-2.json`` files botocore ships, the same files the clients use.
"""

from __future__ import annotations

import threading

from botocore.loaders import Loader, create_loader
from botocore.model import OperationModel, ServiceModel

from hatrack.errors import IamError

__all__ = ["SERVICE_NAMES", "ServiceModels", "error_status"]

SERVICE_NAMES = ("iam", "sts", "cloudtrail")


class ServiceModels:
    """Loads and caches the IAM, STS and CloudTrail models and finds operations in them."""

    def __init__(self) -> None:
        self._loader: Loader = create_loader()
        self._lock = threading.Lock()
        self._services: dict[str, ServiceModel] = {}
        self._operations: dict[str, dict[str, OperationModel]] = {}
        self._targets: dict[str, tuple[str, OperationModel]] | None = None

    def service(self, name: str) -> ServiceModel:
        """The model of ``name`` ("iam", "sts" or "cloudtrail"); ``KeyError`` for any other name."""
        model = self._services.get(name)
        if model is not None:
            return model
        if name not in SERVICE_NAMES:
            raise KeyError(name)
        with self._lock:
            model = self._services.get(name)
            if model is None:
                model = ServiceModel(self._loader.load_service_model(name, "service-2"), service_name=name)
                self._operations[name] = {op: model.operation_model(op) for op in model.operation_names}
                self._services[name] = model
        return model

    def operation(self, service: str, name: str) -> OperationModel | None:
        """The operation ``name`` of ``service``, or None when the model has no such operation."""
        operations = self._operations.get(service)
        if operations is None:
            self.service(service)
            operations = self._operations[service]
        return operations.get(name)

    def json_target_operation(self, target: str) -> tuple[str, OperationModel] | None:
        """The (service, operation) an ``X-Amz-Target`` header names, or None when no JSON service has it."""
        targets = self._targets
        if targets is None:
            targets = {}
            for service_name in SERVICE_NAMES:
                model = self.service(service_name)
                prefix = model.metadata.get("targetPrefix")
                if model.protocol != "json" or not prefix:
                    continue
                for op_name, op in self._operations[service_name].items():
                    targets[f"{prefix}.{op_name}"] = (service_name, op)
            self._targets = targets
        return targets.get(target)


_STATUS_BY_CODE: dict[ServiceModel, dict[str, int]] = {}


def _statuses(service: ServiceModel) -> dict[str, int]:
    statuses = _STATUS_BY_CODE.get(service)
    if statuses is None:
        statuses = {}
        for shape in service.error_shapes:
            error = shape.metadata.get("error") or {}
            status = error.get("httpStatusCode")
            if status is not None:
                statuses[error.get("code", shape.name)] = int(status)
        _STATUS_BY_CODE[service] = statuses
    return statuses


def error_status(service: ServiceModel, error: IamError) -> int:
    """The HTTP status for ``error``: from the model's error shape with that code, else ``error.status``."""
    return _statuses(service).get(error.code, error.status)
