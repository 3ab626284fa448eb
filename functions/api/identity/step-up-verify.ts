import * as z from '../../domain/zod';
import { notFound } from '../../core/outcomes';
import { verifyStepUp } from '../../core/use-cases/step-up';
import { bearerToken } from '../../domain/access-token';
import { fieldErrors } from '../../domain/field-errors';
import { isCaseId } from '../http/case-id';
import { jsonHandler } from '../http/http-handler';
import { accepted, refusalProblem } from '../http/outcome';
import { HttpProblem, jsonResponse } from '../http/problem';
import { stepUpCheckDepsFromEnv } from './step-up-deps';

/** POST /complaints/{id}/step-up/verify `{ code }` with the case's access token → 200 `{ verifiedAt, method, validUntil }`. */

export const StepUpVerifyBodySchema = z.strictObject({ code: z.string().check(z.maxLength(32, 'code is too long')) }).register(z.globalRegistry, { id: 'StepUpVerify' });

const deps = stepUpCheckDepsFromEnv();

export const handler = jsonHandler(async (event) => {
  const id = event.pathParameters?.id ?? '';
  if (!isCaseId(id)) throw refusalProblem(notFound());
  const body = StepUpVerifyBodySchema.safeParse(event.body);
  if (!body.success) throw HttpProblem.validation(fieldErrors(body.error.issues));
  const { verification } = accepted(await verifyStepUp(deps, id, bearerToken(event.headers?.authorization), body.data.code, event.requestContext.http.sourceIp));
  return jsonResponse(200, verification, { 'cache-control': 'no-store' });
});
