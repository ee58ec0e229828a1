import type { Channel } from './event';

export const CHANNEL_LABELS: Record<Channel, string> = {
  phone: 'Phone',
  whatsapp: 'WhatsApp',
  telegram: 'Telegram',
  signal: 'Signal'
};
