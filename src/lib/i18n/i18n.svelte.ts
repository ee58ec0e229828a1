import { en, type MessageKey } from './en';
import { zh } from './zh';
import { channelInfo, type Channel } from '../model/channels';

export type Language = 'en' | 'zh';
export type { MessageKey };

const dictionaries: Record<Language, { readonly [K in MessageKey]: string }> = { en, zh };

class I18n {
  language = $state<Language>('en');

  /** BCP 47 tag for <html lang> and Intl formatting. */
  get locale(): string {
    return this.language === 'zh' ? 'zh-CN' : 'en';
  }

  set(language: Language): void {
    this.language = language;
    if (typeof document !== 'undefined') document.documentElement.lang = this.locale;
  }
}

export const i18n = new I18n();

/** Translates a key for the current language; `{name}` placeholders take values from `params`. Reactive in templates. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = dictionaries[i18n.language][key] ?? en[key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** A channel's name in the current language (from the channel registry). Reactive in templates. */
export function channelLabel(channel: Channel): string {
  return channelInfo(channel).label[i18n.language];
}
