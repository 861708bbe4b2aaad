/**
 * The GSM 7-bit default alphabet (3GPP TS 23.038 §6.2.1), by septet: what an alphanumeric SMS
 * address (3GPP TS 23.040 §9.1.2.5, type of number 101) is written in. 0x1B, the escape to the
 * extension table, is shown as a space.
 */
export const GSM_DEFAULT_ALPHABET =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ ÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà'
