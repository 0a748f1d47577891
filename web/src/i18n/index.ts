import 'dayjs/locale/zh-cn';
import dayjs from 'dayjs';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { type Messages, zhCN } from './zh-CN.ts';

export type Language = 'zh-CN' | 'en';

export const languages: { value: Language; label: string }[] = [
  { value: 'zh-CN', label: '中文' },
  { value: 'en', label: 'English' },
];

const storageKey = 'kameng.lang';

declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: Messages };
  }
}

function storedLanguage(): Language {
  return localStorage.getItem(storageKey) === 'en' ? 'en' : 'zh-CN';
}

export function currentLanguage(): Language {
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

// Chinese, the default, ships with the app; English is a chunk of its own, fetched when chosen.
async function englishResources() {
  return { translation: (await import('./en.ts')).en };
}

export function setLanguage(language: Language): void {
  localStorage.setItem(storageKey, language);
  void (async () => {
    if (language === 'en' && !i18n.hasResourceBundle('en', 'translation'))
      i18n.addResourceBundle('en', 'translation', (await englishResources()).translation);
    await i18n.changeLanguage(language);
  })();
}

function applyLanguage(language: string): void {
  document.documentElement.lang = language;
  document.title = i18n.t('app.title');
  dayjs.locale(language === 'en' ? 'en' : 'zh-cn');
}

i18n.on('languageChanged', applyLanguage);

/**
 * A message that ends on an interpolated text (a reason the server or a person wrote, often with
 * its own "。") followed by the message's "。" would read "。。": every translated string is tidied.
 */
export const tidyStops = (value: string): string => value.replace(/。(?:\s*。)+/gu, '。');

const initial = storedLanguage();
await i18n
  .use({ type: 'postProcessor', name: 'tidyStops', process: (value: string) => tidyStops(value) })
  .use(initReactI18next)
  .init({
    postProcess: ['tidyStops'],
    resources: {
      'zh-CN': { translation: zhCN },
      ...(initial === 'en' ? { en: await englishResources() } : {}),
    },
    lng: initial,
    fallbackLng: 'zh-CN',
    interpolation: { escapeValue: false },
  });

export { i18n };

/** The caller's language's half of a server text given in both ({zh, en}). */
export function inLanguage(text: { zh: string; en: string }): string {
  return currentLanguage() === 'en' ? text.en : text.zh;
}
