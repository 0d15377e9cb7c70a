// Attachment rules checked before an upload starts (SPEC §2.4), from @cau/shared. The server checks
// again, from the file's bytes; these checks only spare the professional a pointless wait.
import {
  ATTACHMENT_EXTENSIONS, ATTACHMENT_MAX_BYTES, ATTACHMENTS_PER_MESSAGE, isAllowedAttachmentName,
} from '@cau/shared';
import { msg } from './messages';

export const MAX_FILES = ATTACHMENTS_PER_MESSAGE;

/** For the file picker's `accept`: extensions only, since browsers disagree on office MIME types. */
export const ACCEPT = ATTACHMENT_EXTENSIONS.map((ext) => `.${ext}`).join(',');

/** Why a file cannot be attached, or null when it may be uploaded. */
export function fileProblem(file: Pick<File, 'name' | 'size'>): string | null {
  if (!isAllowedAttachmentName(file.name)) return msg.attachments.badType(file.name);
  if (file.size > ATTACHMENT_MAX_BYTES) return msg.attachments.tooLarge(file.name);
  if (file.size === 0) return msg.attachments.empty(file.name);
  return null;
}
