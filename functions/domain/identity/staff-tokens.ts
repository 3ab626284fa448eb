/**
 * Which Cognito tokens open the staff routes: access tokens only. An ID token of the same pool and app client says
 * who someone is, not what the console may do, and Cognito puts the client in its `aud` (the one claim API Gateway's
 * JWT authorizer checks against its audience, before `client_id`), so the audience alone lets it through. What tells
 * them apart: an access token carries `token_use: "access"`, `client_id` and the granted OAuth scopes in `scope`; an
 * ID token carries `token_use: "id"`, `aud` and no `scope` at all. So every staff route requires one of
 * STAFF_ROUTE_SCOPES (API Gateway answers 401 to a token without one), and the handlers check `token_use` again.
 */

/** The OAuth scopes the staff console asks for (authorization code + PKCE); its access tokens carry them. */
export const CONSOLE_SCOPES = ['openid', 'email', 'profile'] as const;

/**
 * A staff route needs one of these in the token's `scope`: `openid` is in every console access token;
 * `aws.cognito.signin.user.admin` is the only scope of an access token from SRP sign-in (scripts, the AWS CLI).
 */
export const STAFF_ROUTE_SCOPES = ['openid', 'aws.cognito.signin.user.admin'];
