/* eslint-disable */
/**
 * Generated utilities for implementing server-side Convex query and mutation functions.
 *
 * THIS CODE IS AUTOMATICALLY GENERATED.
 *
 * To regenerate, run `npx convex dev`.
 * @module
 */

import {
  ActionBuilder,
  HttpActionBuilder,
  MutationBuilder,
  QueryBuilder,
  GenericActionCtx,
  GenericMutationCtx,
  GenericQueryCtx,
  GenericDatabaseReader,
  GenericDatabaseWriter,
} from "convex/server";
import type { DataModel } from "./dataModel.js";

/** Define a query in this Convex app's public API. */
export declare const query: QueryBuilder<DataModel, "public">;
/** Define a query that is only accessible from other Convex functions. */
export declare const internalQuery: QueryBuilder<DataModel, "internal">;
/** Define a mutation in this Convex app's public API. */
export declare const mutation: MutationBuilder<DataModel, "public">;
/** Define a mutation that is only accessible from other Convex functions. */
export declare const internalMutation: MutationBuilder<DataModel, "internal">;
/** Define an action in this Convex app's public API. */
export declare const action: ActionBuilder<DataModel, "public">;
/** Define an action that is only accessible from other Convex functions. */
export declare const internalAction: ActionBuilder<DataModel, "internal">;
/** Define an HTTP action. */
export declare const httpAction: HttpActionBuilder;

export declare const env: Record<string, string | undefined>;

/** The context passed to query functions. */
export type QueryCtx = GenericQueryCtx<DataModel>;
/** The context passed to mutation functions. */
export type MutationCtx = GenericMutationCtx<DataModel>;
/** The context passed to action functions. */
export type ActionCtx = GenericActionCtx<DataModel>;
/** An interface to read from the database within queries. */
export type DatabaseReader = GenericDatabaseReader<DataModel>;
/** An interface to read from and write to the database within mutations. */
export type DatabaseWriter = GenericDatabaseWriter<DataModel>;
