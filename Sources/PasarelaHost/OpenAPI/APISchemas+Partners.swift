extension APISchemas {
    /// Partners, their deliveries, inbound events and the event catalog.
    static let partners = #"""
    {
      "Partner": {
        "type": "object",
        "required": ["partner_id", "name", "webhook_url", "contact_email", "scheme", "events", "headers", "event_bus", "rate_limit_per_second",
                     "ordering", "origin", "status", "disabled_reason", "failing_since", "previous_secret_expires_at", "created_at", "updated_at"],
        "properties": {
          "partner_id": {"type": "string", "example": "findyourwork"}, "name": {"type": "string", "example": "FindyourWork"},
          "webhook_url": {"type": "string", "format": "uri"}, "contact_email": {"type": ["string", "null"]},
          "scheme": {"type": "string", "enum": ["seed", "standard"]},
          "events": {"type": "array", "items": {"type": "string"}, "description": "Event-type patterns it takes (\"*\", \"booking.*\", …)"},
          "headers": {"type": "object", "additionalProperties": {"type": "string", "const": "[redacted]"}},
          "event_bus": {"type": "boolean"}, "rate_limit_per_second": {"type": ["integer", "null"]},
          "ordering": {"type": "string", "enum": ["none", "fifo"]}, "origin": {"type": "string", "enum": ["config", "api"]},
          "status": {"type": "string", "enum": ["enabled", "disabled"]}, "disabled_reason": {"type": ["string", "null"]},
          "failing_since": {"$ref": "#/components/schemas/NullableTimestamp"},
          "previous_secret_expires_at": {"$ref": "#/components/schemas/NullableTimestamp"},
          "created_at": {"$ref": "#/components/schemas/Timestamp"}, "updated_at": {"$ref": "#/components/schemas/Timestamp"}}
      },
      "PartnerList": {
        "type": "object", "required": ["data", "next_cursor"],
        "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/Partner"}}, "next_cursor": {"type": "null"}}
      },
      "PartnerRegistered": {
        "allOf": [{"$ref": "#/components/schemas/Partner"}, {"type": "object", "required": ["shared_secret", "api_key"], "properties": {
          "shared_secret": {"type": "string", "description": "Shown this once"}, "api_key": {"type": "string", "description": "Shown this once"}}}]
      },
      "PartnerControls": {
        "type": "object",
        "properties": {
          "name": {"type": "string", "minLength": 1}, "webhook_url": {"type": "string", "format": "uri"},
          "contact_email": {"type": ["string", "null"], "format": "email"},
          "events": {"type": "array", "items": {"type": "string", "pattern": "^[*]$|^[A-Za-z0-9_-]+([.][A-Za-z0-9_-]+)*([.][*])?$"}}, "headers": {"type": "object", "additionalProperties": {"type": "string"}},
          "event_bus": {"type": "boolean"}, "rate_limit_per_second": {"type": ["integer", "null"], "minimum": 1, "maximum": 10000},
          "ordering": {"type": "string", "enum": ["none", "fifo"]}}
      },
      "PartnerRegistration": {
        "allOf": [{"$ref": "#/components/schemas/PartnerControls"}, {"type": "object", "required": ["name", "webhook_url"], "properties": {
          "partner_id": {"type": "string", "pattern": "^[a-z0-9_-]{1,64}$", "description": "Made from the name when absent; alias code"},
          "code": {"type": "string", "pattern": "^[a-z0-9_-]{1,64}$"},
          "scheme": {"type": "string", "enum": ["seed", "standard"]}}}],
        "example": {"name": "FindyourWork", "partner_id": "findyourwork", "webhook_url": "https://findyourwork.example/webhooks/pasarela", "scheme": "standard"}
      },
      "PartnerChange": {
        "allOf": [{"$ref": "#/components/schemas/PartnerControls"}, {"type": "object", "properties": {
          "status": {"type": "string", "enum": ["enabled", "disabled"]}}}],
        "example": {"status": "disabled"}
      },
      "RotateSecret": {
        "type": "object", "additionalProperties": false,
        "properties": {"grace_period_seconds": {"type": ["integer", "null"], "minimum": 0, "maximum": 2592000}}
      },
      "RotatedSecret": {
        "type": "object", "required": ["partner_id", "shared_secret", "previous_secret_expires_at"],
        "properties": {"partner_id": {"type": "string"}, "shared_secret": {"type": "string"},
          "previous_secret_expires_at": {"$ref": "#/components/schemas/NullableTimestamp"}}
      },
      "SendEvent": {
        "type": "object", "required": ["event_type"], "additionalProperties": false,
        "properties": {"event_type": {"type": "string", "minLength": 1}, "data": {"type": "object"}},
        "example": {"event_type": "evento.creado", "data": {"evento_id": "EVT-2026-001"}}
      },
      "EventQueued": {
        "type": "object", "required": ["event_id", "delivery_id"], "properties": {"event_id": {"type": "string"}, "delivery_id": {"type": "string"}}
      },
      "Replay": {
        "type": "object", "required": ["since"], "additionalProperties": false,
        "properties": {"since": {"$ref": "#/components/schemas/Timestamp"}, "until": {"$ref": "#/components/schemas/Timestamp"},
          "event_types": {"type": "array", "items": {"type": "string"}}}
      },
      "Replayed": {
        "type": "object", "required": ["replayed", "delivery_ids"],
        "properties": {"replayed": {"type": "integer"}, "delivery_ids": {"type": "array", "items": {"type": "string"}}}
      },
      "DeliveryStatus": {"type": "string", "enum": ["pending", "delivered", "dead", "disabled"]},
      "Attempt": {
        "type": "object", "required": ["at", "status_code", "duration_ms", "error", "response_body"],
        "properties": {"at": {"$ref": "#/components/schemas/Timestamp"}, "status_code": {"type": ["integer", "null"]},
          "duration_ms": {"type": "integer"}, "error": {"type": ["string", "null"]}, "response_body": {"type": ["string", "null"]}}
      },
      "Delivery": {
        "type": "object",
        "required": ["id", "partner_id", "event_id", "event_type", "status", "attempt_count", "next_attempt_at", "last_status_code",
                     "last_error", "created_at", "updated_at"],
        "properties": {
          "id": {"type": "string", "example": "dlv_01JEXAMPLE"}, "partner_id": {"type": "string"}, "event_id": {"type": "string"},
          "event_type": {"type": "string"}, "status": {"$ref": "#/components/schemas/DeliveryStatus"},
          "attempt_count": {"type": "integer"}, "next_attempt_at": {"$ref": "#/components/schemas/NullableTimestamp"},
          "last_status_code": {"type": ["integer", "null"]}, "last_error": {"type": ["string", "null"]},
          "created_at": {"$ref": "#/components/schemas/Timestamp"}, "updated_at": {"$ref": "#/components/schemas/Timestamp"},
          "attempts": {"type": "array", "items": {"$ref": "#/components/schemas/Attempt"}, "description": "On GET /deliveries/{id} only"},
          "payload": {"description": "The envelope as sent; on GET /deliveries/{id} only"}}
      },
      "DeliveryList": {
        "type": "object", "required": ["data", "next_cursor"],
        "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/Delivery"}}, "next_cursor": {"$ref": "#/components/schemas/Cursor"}}
      },
      "PartnerStatus": {
        "type": "object", "required": ["partner_id", "webhook_url", "scheme", "deliveries", "oldest_pending_at", "last_delivered_at", "last_failure"],
        "properties": {
          "partner_id": {"type": "string"}, "webhook_url": {"type": "string"}, "scheme": {"type": "string"},
          "deliveries": {"type": "object", "required": ["pending", "delivered", "dead", "disabled"], "additionalProperties": {"type": "integer"}},
          "oldest_pending_at": {"$ref": "#/components/schemas/NullableTimestamp"},
          "last_delivered_at": {"$ref": "#/components/schemas/NullableTimestamp"},
          "last_failure": {"oneOf": [{"$ref": "#/components/schemas/Attempt"}, {"type": "null"}]}}
      },
      "InboundEvent": {
        "type": "object", "required": ["id", "source", "event_type", "partner_event_id", "status", "received_at", "payload"],
        "properties": {
          "id": {"type": "string"}, "source": {"type": "string", "description": "The partner, or provider:{instance}"},
          "event_type": {"type": "string"}, "partner_event_id": {"type": ["string", "null"]},
          "status": {"type": "string", "enum": ["received", "processed", "failed"]}, "received_at": {"$ref": "#/components/schemas/Timestamp"},
          "payload": {"description": "The body as received"},
          "handlers": {"type": "array", "description": "On GET /events/{id} only: what each pack did", "items": {
            "type": "object", "required": ["handler", "status", "attempts", "error", "skipped"],
            "properties": {"handler": {"type": "string"}, "status": {"type": "string", "enum": ["succeeded", "failed", "skipped"]},
              "attempts": {"type": "integer"}, "error": {"type": ["string", "null"]},
              "skipped": {"type": "array", "items": {"type": "object", "required": ["partner_id", "event_type", "reason"], "properties": {
                "partner_id": {"type": "string"}, "event_type": {"type": "string"}, "reason": {"type": "string"}}}}}}}}
      },
      "InboundEventList": {
        "type": "object", "required": ["data", "next_cursor"],
        "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/InboundEvent"}}, "next_cursor": {"$ref": "#/components/schemas/Cursor"}}
      },
      "EventTypeList": {
        "type": "object", "required": ["data", "next_cursor"],
        "properties": {"next_cursor": {"type": "null"}, "data": {"type": "array", "items": {
          "type": "object", "required": ["type", "description", "direction", "declared_by", "example"],
          "properties": {"type": {"type": "string"}, "description": {"type": "string"},
            "direction": {"type": "string", "enum": ["inbound", "outbound", "both"]},
            "declared_by": {"type": "string", "example": "pack:chuwue-grill"}, "example": {}}}}}
      }
    }
    """#
}
