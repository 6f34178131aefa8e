/** What each figure means; shown as tooltips and in the page's definitions list, and written up in prds/stats.md. */
export const DEFINITIONS = {
  visitors:
    "Distinct visitors: one per browser id (a random id kept in this browser's storage, no cookie). One person on two browsers counts twice, and Safari and iOS wipe script storage after 7 days without a visit, so a returning reader there can count again: this figure runs above the number of people. Across several days it may be estimated; the page says so when it is.",
  visits: "A visitor's views with gaps of less than 30 minutes between them. A longer pause starts a new visit.",
  views:
    "Page views, counting a visitor's repeat view of the same page within 30 minutes once. Plausible and others count every page load, so their views run higher.",
  viewsPerVisit: "Views divided by visits.",
  bounceRate:
    "The share of visits with a single view and less than 10 seconds of engaged time: GA4's idea (an engaged session), not Plausible's. Plausible counts every single-view visit as a bounce, however long it was read, so its bounce rate for the same traffic is often two to three times this one.",
  visitDuration:
    "Mean engaged time per visit: time the page was visible and the reader had scrolled, typed, pointed or touched within the last 3 minutes. A tab left open in the background or untouched on screen adds nothing past that. Under a page filter, it is the whole visit's time, on every page, for the visits that include that page.",
  engagedTime: "Mean engaged time a visitor spent on the page: visible, and active within the last 3 minutes.",
  readCompletion: "For posts: the share of the post's visitors whose engaged time on it reached its reading time.",
  scrollDepth:
    "How far down the article readers got: for each view, the largest share of the article's text that has been on screen, from its title to the end of its body (a post that fits the screen counts in full). Averaged over the views that reported it.",
  searches:
    "What readers typed into the site's search, counted once their typing settled. Kept per day and term only, never per reader; terms that look like an email address, a long number or other personal data are not kept. Aggregate only, so the filters above do not apply.",
  feedSubscribers:
    "The subscriber count each feed aggregator (Feedly, Inoreader, NewsBlur…) last reported in its user agent in this range, per feed, and their total. Readers that fetch the feed themselves report none: they only count as fetches. The user agent itself is never stored, and the filters above do not apply.",
  source:
    "Where a visit came from, named as people name it: all of Google's sites and apps are Google. A visit without a referrer takes its utm_source or ref tag. Pick a source to see its hosts.",
  channel:
    "The kind of source: Search, Social, Email (webmail or an email-tagged link), Campaign (other tagged links and paid mediums), Referral (any other site) or Direct (nothing known).",
} as const;

export type DefinedTerm = keyof typeof DEFINITIONS;
