/** The payment provider signs as Redress signs its own webhooks: one HMAC scheme (functions/domain/webhooks). */
export { DEFAULT_TOLERANCE_SECONDS, signatureHeader, verifySignature, type SignatureCheck, type SignatureFailure } from '../../webhooks/hmac-signature';
