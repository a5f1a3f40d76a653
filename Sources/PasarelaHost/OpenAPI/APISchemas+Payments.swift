extension APISchemas {
    /// Payments, refunds, their events and the shapes every answer shares (errors, lists).
    static let payments = #"""
    {
      "Error": {
        "type": "object", "required": ["error"],
        "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
          "code": {"type": "string", "description": "malformed_json, unauthorized, invalid_signature, not_found, idempotency_conflict, invalid_state, body_too_large, invalid_request, unsupported_operation, unsupported_capability, event_not_subscribed, provider_error, provider_timeout, not_ready, overloaded"},
          "message": {"type": "string"}}}},
        "example": {"error": {"code": "not_found", "message": "no payment pay_01JEXAMPLE"}}
      },
      "Timestamp": {"type": "string", "format": "date-time", "example": "2026-12-06T12:00:00.000000Z"},
      "NullableTimestamp": {"type": ["string", "null"], "format": "date-time"},
      "Cursor": {"type": ["string", "null"], "description": "Pass as ?cursor= for the next page; null on the last one"},
      "Amount": {
        "type": ["string", "number"], "description": "Major units, read from its text (never through floating point): \"12.50\" or 12.50",
        "pattern": "^[0-9]{1,15}([.][0-9]{1,4})?$", "exclusiveMinimum": 0,
        "example": "12.50"
      },
      "PaymentStatus": {"type": "string", "enum": ["pending", "requires_action", "processing", "succeeded", "failed", "canceled", "partially_refunded", "refunded", "disputed"]},
      "Customer": {"type": "object", "properties": {"email": {"type": "string"}, "name": {"type": "string"}}},
      "NextAction": {
        "type": ["object", "null"], "required": ["type"],
        "properties": {
          "type": {"type": "string", "description": "redirect_to_url or provider_sdk"},
          "url": {"type": "string", "format": "uri"},
          "expires_at": {"$ref": "#/components/schemas/Timestamp"},
          "client_secret": {"type": "string"}}
      },
      "Refund": {
        "type": "object",
        "required": ["id", "payment_id", "provider_refund_id", "status", "amount", "amount_minor", "currency", "reason", "created_at"],
        "properties": {
          "id": {"type": "string", "example": "ref_01JEXAMPLE"}, "payment_id": {"type": "string"},
          "provider_refund_id": {"type": ["string", "null"]},
          "status": {"type": "string", "enum": ["pending", "succeeded", "failed"]},
          "amount": {"type": "string", "example": "5.00"}, "amount_minor": {"type": "integer", "example": 500},
          "currency": {"type": "string", "example": "USD"}, "reason": {"type": ["string", "null"]},
          "created_at": {"$ref": "#/components/schemas/Timestamp"}}
      },
      "Payment": {
        "type": "object",
        "required": ["id", "provider", "provider_payment_id", "status", "amount", "amount_minor", "currency", "refunded_minor",
                     "description", "metadata", "customer", "failure_code", "failure_message", "provider_status", "created_at",
                     "updated_at", "next_action"],
        "properties": {
          "id": {"type": "string", "example": "pay_01JEXAMPLE"},
          "provider": {"type": "string", "description": "The provider instance", "example": "mock"},
          "provider_payment_id": {"type": ["string", "null"]},
          "status": {"$ref": "#/components/schemas/PaymentStatus"},
          "amount": {"type": "string", "example": "12.50"}, "amount_minor": {"type": "integer", "example": 1250},
          "currency": {"type": "string", "example": "USD"}, "refunded_minor": {"type": "integer", "example": 0},
          "description": {"type": ["string", "null"]},
          "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
          "customer": {"oneOf": [{"$ref": "#/components/schemas/Customer"}, {"type": "null"}]},
          "failure_code": {"type": ["string", "null"]}, "failure_message": {"type": ["string", "null"]},
          "provider_status": {"type": ["string", "null"]},
          "created_at": {"$ref": "#/components/schemas/Timestamp"}, "updated_at": {"$ref": "#/components/schemas/Timestamp"},
          "next_action": {"$ref": "#/components/schemas/NextAction"},
          "refunds": {"type": "array", "items": {"$ref": "#/components/schemas/Refund"}, "description": "On GET /payments/{id} only"}}
      },
      "PaymentList": {
        "type": "object", "required": ["data", "next_cursor"],
        "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/Payment"}}, "next_cursor": {"$ref": "#/components/schemas/Cursor"}}
      },
      "PaymentEvent": {
        "type": "object",
        "required": ["id", "payment_id", "type", "status", "previous_status", "source", "provider_event_id", "occurred_at"],
        "properties": {
          "id": {"type": "string"}, "payment_id": {"type": "string"}, "type": {"type": "string", "example": "payment.succeeded"},
          "status": {"$ref": "#/components/schemas/PaymentStatus"},
          "previous_status": {"oneOf": [{"$ref": "#/components/schemas/PaymentStatus"}, {"type": "null"}]},
          "source": {"type": "string", "enum": ["api", "webhook", "poll"]},
          "provider_event_id": {"type": ["string", "null"]}, "occurred_at": {"$ref": "#/components/schemas/Timestamp"}}
      },
      "PaymentEventList": {
        "type": "object", "required": ["data", "next_cursor"],
        "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/PaymentEvent"}}, "next_cursor": {"type": "null"}}
      },
      "CreatePayment": {
        "type": "object", "required": ["amount", "currency"], "additionalProperties": false,
        "properties": {
          "amount": {"$ref": "#/components/schemas/Amount"},
          "currency": {"type": "string", "description": "ISO 4217, any case", "pattern": "^[A-Za-z]{3}$", "example": "USD"},
          "provider": {"type": "string", "description": "A configured instance; the default one when absent"},
          "description": {"type": "string"},
          "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
          "customer": {"$ref": "#/components/schemas/Customer"},
          "payment_method": {"type": "object", "description": "Keys per module (the mock takes outcome)"},
          "checkout": {
            "type": "object", "required": ["success_url", "cancel_url"], "description": "Hosted checkout: the answer's next_action sends the customer there",
            "properties": {
              "success_url": {"type": "string", "format": "uri"}, "cancel_url": {"type": "string", "format": "uri"},
              "expires_in_seconds": {"type": "integer"},
              "line_items": {"type": "array", "items": {"type": "object", "required": ["name", "quantity", "unit_amount"], "properties": {
                "name": {"type": "string"}, "quantity": {"type": "integer"}, "unit_amount": {"$ref": "#/components/schemas/Amount"}}}}}}},
        "example": {"amount": "12.50", "currency": "USD", "metadata": {"reservation_id": "RES-2026-001"}}
      },
      "RefundRequest": {
        "type": "object", "additionalProperties": false,
        "properties": {
          "amount": {"$ref": "#/components/schemas/Amount"}, "currency": {"type": "string", "description": "The payment's, when given"},
          "reason": {"type": "string"}, "metadata": {"type": "object", "additionalProperties": {"type": "string"}}},
        "example": {"amount": "5.00", "reason": "requested_by_customer"}
      },
      "Empty": {"type": "object", "additionalProperties": false, "maxProperties": 0},
      "WebhookReceipt": {
        "type": "object", "required": ["event_id", "status"],
        "properties": {"event_id": {"type": "string"}, "status": {"type": "string", "enum": ["processed", "duplicate", "queued", "ignored"]}}
      },
      "Health": {"type": "object", "required": ["status"], "properties": {"status": {"type": "string", "enum": ["ok", "ready"]}}}
    }
    """#
}
