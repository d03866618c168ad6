// Every namespace of this language. A new namespace is added here and in the
// other language's index.ts; app/i18n/keys.test.ts checks both hold the same keys.
import account from "./account.json";
import activity from "./activity.json";
import adoption from "./adoption.json";
import insights from "./insights.json";
import admin from "./admin.json";
import auditlog from "./auditlog.json";
import auth from "./auth.json";
import bases from "./bases.json";
import calls from "./calls.json";
import browse from "./browse.json";
import cases from "./cases.json";
import collections from "./collections.json";
import common from "./common.json";
import discussion from "./discussion.json";
import editor from "./editor.json";
import errors from "./errors.json";
import feeds from "./feeds.json";
import follow from "./follow.json";
import language from "./language.json";
import mail from "./mail.json";
import privacy from "./privacy.json";
import profile from "./profile.json";
import registry from "./registry.json";
import moderation from "./moderation.json";
import onboarding from "./onboarding.json";
import search from "./search.json";
import writing from "./writing.json";
import apidocs from "./apidocs.json";

const resources = {
  account,
  activity,
  adoption,
  insights,
  admin,
  auditlog,
  auth,
  bases,
  calls,
  browse,
  cases,
  collections,
  common,
  discussion,
  editor,
  errors,
  feeds,
  follow,
  language,
  mail,
  privacy,
  profile,
  registry,
  moderation,
  onboarding,
  search,
  writing,
  apidocs,
};
export default resources;
