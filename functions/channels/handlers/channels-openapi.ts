import type { OpenApiRegistry } from '../../api/openapi-registry';
import * as z from '../../domain/zod';
import { PROBLEM_CONTENT_TYPE, ProblemSchema } from '../../api/http/problem';
import { CaseFilesSchema, UploadFormSchema } from '../attachments/case-files';
import { MessagingWebhookSchema } from '../social/direct-message';
import { SOCIAL_PLATFORMS } from '../social/platforms';
import { DeliveryReceiptSchema } from '../social/receive-dm-webhook';
import { HandshakeQuerySchema } from '../social/webhook-verification';

/**
 * The channels' routes in the OpenAPI document (attachments, the social messaging webhook), from the schemas their
 * handlers and use cases answer with. Inbound email has no route: SES invokes its function.
 */
export function registerChannelRoutes(registry: OpenApiRegistry): void {
  const problem = (description: string) => ({ description, content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } } });
  const json = (description: string, schema: z.ZodMiniType) => ({ description, content: { 'application/json': { schema } } });
  const caseId = z.object({ id: z.uuid() });
  const unexpected = problem('Unexpected error (no details are disclosed)');
  const notFound = problem('No such case, or the token is missing, wrong or belongs to another case (indistinguishable on purpose)');
  const staff = { 401: problem('No valid staff token'), 403: problem('The token carries no staff role'), 404: problem('No such case') };

  const uploadForm = 'A presigned POST form for one file (valid 5 minutes, size-limited, the object key fixed by the API). The file is checked on content (PDF, PNG, JPEG, GIF, WebP, HEIC, plain text; the name must agree) when the case\'s files are next listed';
  const listing = 'Checks the uploads that arrived since the last listing (refused ones are deleted and reported once), then lists the case\'s files with download links valid for 5 minutes';

  registry.registerPath({
    method: 'post',
    path: '/complaints/{id}/attachments',
    operationId: 'newCustomerAttachment',
    tags: ['Attachments'],
    summary: 'The customer asks for a form to upload one file to their case',
    description: uploadForm,
    security: [{ caseAccessToken: [] }],
    request: { params: caseId },
    responses: { 201: json('The upload form', UploadFormSchema), 404: notFound, 500: unexpected },
  });
  registry.registerPath({
    method: 'get',
    path: '/complaints/{id}/attachments',
    operationId: 'listCustomerAttachments',
    tags: ['Attachments'],
    summary: "The case's files, as its customer sees them",
    description: listing,
    security: [{ caseAccessToken: [] }],
    request: { params: caseId },
    responses: { 200: json("The case's files", CaseFilesSchema), 404: notFound, 500: unexpected },
  });
  registry.registerPath({
    method: 'post',
    path: '/staff/complaints/{id}/attachments',
    operationId: 'newStaffAttachment',
    tags: ['Attachments'],
    summary: 'Staff ask for a form to upload one file to a case',
    description: uploadForm,
    security: [{ staffJwt: [] }],
    request: { params: caseId },
    responses: { 201: json('The upload form', UploadFormSchema), ...staff, 500: unexpected },
  });
  registry.registerPath({
    method: 'get',
    path: '/staff/complaints/{id}/attachments',
    operationId: 'listStaffAttachments',
    tags: ['Attachments'],
    summary: "The case's files, for staff",
    description: listing,
    security: [{ staffJwt: [] }],
    request: { params: caseId },
    responses: { 200: json("The case's files", CaseFilesSchema), ...staff, 500: unexpected },
  });

  const platform = z.object({ platform: z.enum(SOCIAL_PLATFORMS).register(z.globalRegistry, { description: "Meta's platforms share one webhook format; the name labels the subscription" }) });
  registry.registerPath({
    method: 'get',
    path: '/webhooks/social/{platform}',
    operationId: 'socialWebhookHandshake',
    tags: ['Channels'],
    summary: "The messaging platform's subscription handshake: echoes `hub.challenge` for our verify token",
    security: [],
    request: { params: platform, query: HandshakeQuerySchema },
    responses: {
      200: { description: 'The challenge, as plain text', content: { 'text/plain': { schema: z.string() } } },
      403: problem('Not a subscription request, a wrong verify token, or a challenge of other than plain characters'),
      404: problem('No such platform'),
      500: unexpected,
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/webhooks/social/{platform}',
    operationId: 'receiveSocialWebhook',
    tags: ['Channels'],
    summary: 'Direct messages from the messaging platform: each opens a case or threads into the sender\'s open one',
    description:
      'Public, authenticated by `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body under the app secret>`. Each message is taken once (by its platform id); messages older than the replay window (3 days) are refused as stale.',
    security: [],
    request: {
      params: platform,
      headers: z.object({ 'X-Hub-Signature-256': z.string().register(z.globalRegistry, { description: '`sha256=<64 hex digits>` over the raw body' }) }),
      body: { required: true, content: { 'application/json': { schema: MessagingWebhookSchema.clone().register(z.globalRegistry, { id: 'MessagingWebhook' }) } } },
    },
    responses: {
      200: json('Received', DeliveryReceiptSchema),
      400: problem('The body is not JSON, or not a messaging webhook'),
      403: problem('The signature is missing, malformed or wrong'),
      404: problem('No such platform'),
      500: unexpected,
    },
  });
}
