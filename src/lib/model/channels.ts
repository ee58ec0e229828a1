/**
 * Every channel Crosstalk knows, as data: filters, badges, charts, write-back labels, reply links and the CLI
 * read this table instead of naming channels themselves. A new app is one entry here (plus its importer).
 */

export interface ChannelInfo {
  readonly id: string;
  readonly label: { readonly en: string; readonly zh: string };
  /** Badge and chart colour; white text is readable on it. */
  readonly colour: string;
  /** The app identifies people by phone number, so its identities belong to that number's person directly. */
  readonly numberHandles: boolean;
  /** A link that opens a reply in the app to an E.164 number (digits only, no '+'); null when the app has none. */
  readonly replyTo: ((digits: string) => string) | null;
}

export const CHANNEL_INFO = [
  { id: 'phone', label: { en: 'Phone', zh: '电话' }, colour: '#1d4ed8', numberHandles: true, replyTo: (d) => `sms:+${d}` },
  { id: 'whatsapp', label: { en: 'WhatsApp', zh: 'WhatsApp' }, colour: '#157a3a', numberHandles: false, replyTo: (d) => `https://wa.me/${d}` },
  { id: 'telegram', label: { en: 'Telegram', zh: 'Telegram' }, colour: '#0b6a8a', numberHandles: false, replyTo: (d) => `tg://resolve?phone=${d}` },
  { id: 'signal', label: { en: 'Signal', zh: 'Signal' }, colour: '#6d28d9', numberHandles: false, replyTo: (d) => `https://signal.me/#p/+${d}` },
  { id: 'gvoice', label: { en: 'Google Voice', zh: 'Google Voice' }, colour: '#0f766e', numberHandles: true, replyTo: null },
  { id: 'imessage', label: { en: 'iMessage', zh: 'iMessage' }, colour: '#0369a1', numberHandles: false, replyTo: (d) => `imessage:+${d}` },
  { id: 'messenger', label: { en: 'Messenger', zh: 'Messenger' }, colour: '#7e22ce', numberHandles: false, replyTo: null },
  { id: 'instagram', label: { en: 'Instagram', zh: 'Instagram' }, colour: '#be185d', numberHandles: false, replyTo: null },
  { id: 'qq', label: { en: 'QQ', zh: 'QQ' }, colour: '#1e40af', numberHandles: false, replyTo: null },
  { id: 'wechat', label: { en: 'WeChat', zh: '微信' }, colour: '#15803d', numberHandles: false, replyTo: null },
  { id: 'line', label: { en: 'LINE', zh: 'LINE' }, colour: '#166534', numberHandles: false, replyTo: null },
  { id: 'kakaotalk', label: { en: 'KakaoTalk', zh: 'KakaoTalk' }, colour: '#854d0e', numberHandles: false, replyTo: null },
  { id: 'viber', label: { en: 'Viber', zh: 'Viber' }, colour: '#6b21a8', numberHandles: false, replyTo: (d) => `viber://chat?number=%2B${d}` },
  /** Records of an app Crosstalk has no entry for (a CSV read by a column mapping). */
  { id: 'other', label: { en: 'Other', zh: '其他' }, colour: '#4b5563', numberHandles: false, replyTo: null }
] as const satisfies readonly ChannelInfo[];

export type Channel = (typeof CHANNEL_INFO)[number]['id'];

export const CHANNELS: readonly Channel[] = CHANNEL_INFO.map((c) => c.id);

const byId = new Map<string, ChannelInfo>(CHANNEL_INFO.map((c) => [c.id, c]));

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && byId.has(value);
}

export function channelInfo(channel: Channel): ChannelInfo {
  return byId.get(channel)!;
}

/** The app's name as write-back labels, CSV exports and the CLI show it (English, as the apps call themselves). */
export function channelName(channel: Channel): string {
  return channelInfo(channel).label.en;
}

/** The channels, in registry order, that hold at least one event in any of the given per-channel counts. */
export function channelsIn(counts: Iterable<Partial<Record<Channel, unknown>>>): Channel[] {
  const present = new Set<Channel>();
  for (const c of counts) for (const k of Object.keys(c)) if (c[k as Channel]) present.add(k as Channel);
  return CHANNELS.filter((c) => present.has(c));
}
