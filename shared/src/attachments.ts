// What may be attached (SPEC §2.4): the accepted extensions, for a check before upload. The server
// decides from the file's bytes, not its name.
export const ATTACHMENT_EXTENSIONS = ['jpg', 'jpeg', 'png', 'pdf', 'doc', 'docx', 'odt', 'xls', 'xlsx', 'ods', 'txt'] as const;
export type AttachmentExtension = (typeof ATTACHMENT_EXTENSIONS)[number];
export const ATTACHMENT_MAX_BYTES = 2 * 1024 * 1024;
export const ATTACHMENTS_PER_MESSAGE = 5;

/** The lower-cased extension of a file name, or '' when it has none. */
export function extensionOf(name: string): string {
  const match = /\.([A-Za-z0-9]{1,10})$/.exec(name.trim());
  return match ? match[1]!.toLowerCase() : '';
}

export function isAllowedAttachmentName(name: string): boolean {
  return (ATTACHMENT_EXTENSIONS as readonly string[]).includes(extensionOf(name));
}
