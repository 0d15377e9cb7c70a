// Recipients made safe for mail headers: whatever a stored name or address holds, a message can
// only ever go to the one intended address and carry the headers we write.
import type { Recipient } from './outbox';

const NAME_MAX = 120;

/**
 * A display name fit for a `To:` header. Control and format characters (CR, LF, NUL, bidi
 * overrides, line separators) go, since they could start a new header or disguise the name;
 * `"`, `\`, `<` and `>` go too, since they are what turn a display name into an address in a
 * careless parser. What is left is quoted or MIME-encoded by nodemailer.
 */
export function sanitizeName(name: string): string {
  return name
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+/gu, ' ')
    .replace(/["\\<>]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, NAME_MAX)
    .trim();
}

// One plain mailbox: dot-atom local part and a dotted host name, ASCII only. Stricter than
// RFC 5322 on purpose: no quoted local parts, comments, groups, lists or route addresses.
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** True for exactly one ordinary e-mail address, with nothing around it. */
export function isValidAddress(address: string): boolean {
  if (address.length > 254) return false;
  const at = address.lastIndexOf('@');
  if (at <= 0 || address.indexOf('@') !== at) return false;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  return local.length <= 64 && LOCAL_PART.test(local) && DOMAIN.test(domain);
}

/** The recipient ready for nodemailer, or null when the address is not one plain mailbox. */
export function safeRecipient(to: Recipient): Recipient | null {
  const address = typeof to.address === 'string' ? to.address.trim() : '';
  if (!isValidAddress(address)) return null;
  return { name: sanitizeName(typeof to.name === 'string' ? to.name : ''), address };
}
