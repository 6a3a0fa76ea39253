import type { GatewayErrorInfo } from '../formats/canonical';

// What a caller dialect is. A front door is what every route under one base URL shares before any
// body is read (the error shape, where the caller puts the token).

/** What every route under one base URL speaks, whatever its body. */
export interface FrontDoor {
  /** An error's body in this dialect (CONTRACT §3, §4). */
  errorBody(info: GatewayErrorInfo): Record<string, unknown>;
  /** The gateway token from this dialect's own key header or parameter; consulted only without an Authorization header. */
  keyToken?(req: Request, url: URL): string | undefined;
}
