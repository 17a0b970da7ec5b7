/**
 * Values in another ID system's format — UUIDs (`crypto.randomUUID`, `uuid`, a tracing vendor's run IDs) and ULIDs —
 * are not this system's run IDs even where a `run_id` holds them: a test pinning one (a golden trace, a vendor
 * payload) must keep it, so the rule leaves them out of its decisions altogether.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export function isForeignId(value: string): boolean {
  return UUID.test(value) || ULID.test(value);
}
