/**
 * A JSON object the gateway stores or forwards without reading all of it (Responses items and
 * response objects, passthrough bodies, provider answers picked field by field): the fields it
 * needs are read one at a time, the rest travels untouched. `any` is the honest type of such
 * opaque JSON; bodies the codecs interpret have their wire types (src/formats/<format>/wire.ts).
 */
// biome-ignore lint/suspicious/noExplicitAny: opaque JSON, see above
export type JsonObject = Record<string, any>;
