import EmailReplyParser from 'email-reply-parser';

/**
 * The words a person wrote in a message: quoted history ("On … wrote:", Outlook's "From: … Sent: …" block,
 * "-----Original Message-----", `>` lines) and signatures ("-- ", "Sent from my iPhone") removed, by crisp-oss's
 * port of GitHub's EmailReplyParser.
 *
 * When that leaves nothing (a person who answered inline, between the quoted lines), the whole text is kept: a
 * staff member reading a long quote loses less than a customer whose answer vanished.
 */
const parser = new EmailReplyParser();

export function visibleText(text: string): string {
  const normalized = text.replace(/\r\n?/g, '\n');
  const visible = parser.read(normalized).getVisibleText().trim();
  return visible.length > 0 ? visible : normalized.trim();
}
