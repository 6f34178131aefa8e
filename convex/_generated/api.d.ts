/* eslint-disable */
/**
 * Generated `api` utility.
 *
 * THIS CODE IS AUTOMATICALLY GENERATED.
 *
 * To regenerate, run `npx convex dev`.
 * @module
 */

import type * as constants from "../constants.js";
import type * as content from "../content.js";
import type * as crons from "../crons.js";
import type * as dashboard from "../dashboard.js";
import type * as feedStats from "../feedStats.js";
import type * as feeds from "../feeds.js";
import type * as http from "../http.js";
import type * as goals from "../goals.js";
import type * as links from "../links.js";
import type * as lists from "../lists.js";
import type * as pages from "../pages.js";
import type * as posts from "../posts.js";
import type * as presence from "../presence.js";
import type * as realtime from "../realtime.js";

import type * as search from "../search.js";
import type * as searchStats from "../searchStats.js";
import type * as slugs from "../slugs.js";
import type * as stats from "../stats.js";
import type * as tags from "../tags.js";
import type * as validators from "../validators.js";
import type * as xml from "../xml.js";

import type {
  ApiFromModules,
  FilterApi,
  FunctionReference,
} from "convex/server";

declare const fullApi: ApiFromModules<{
  constants: typeof constants;
  content: typeof content;
  crons: typeof crons;
  dashboard: typeof dashboard;
  feedStats: typeof feedStats;
  feeds: typeof feeds;
  http: typeof http;
  goals: typeof goals;
  links: typeof links;
  lists: typeof lists;
  pages: typeof pages;
  posts: typeof posts;
  presence: typeof presence;
  realtime: typeof realtime;

  search: typeof search;
  searchStats: typeof searchStats;
  slugs: typeof slugs;
  stats: typeof stats;
  tags: typeof tags;
  validators: typeof validators;
  xml: typeof xml;
}>;

/**
 * A utility for referencing Convex functions in your app's public API.
 *
 * Usage:
 * ```js
 * const myFunctionReference = api.myModule.myFunction;
 * ```
 */
export declare const api: FilterApi<
  typeof fullApi,
  FunctionReference<any, "public">
>;

/**
 * A utility for referencing Convex functions in your app's internal API.
 *
 * Usage:
 * ```js
 * const myFunctionReference = internal.myModule.myFunction;
 * ```
 */
export declare const internal: FilterApi<
  typeof fullApi,
  FunctionReference<any, "internal">
>;
