// Every namespace of this language. A new namespace is added here and in the
// other language's index.ts; app/i18n/keys.test.ts checks both hold the same keys.
import account from "./account.json";
import adoption from "./adoption.json";
import insights from "./insights.json";
import admin from "./admin.json";
import auth from "./auth.json";
import bases from "./bases.json";
import cases from "./cases.json";
import common from "./common.json";
import discussion from "./discussion.json";
import editor from "./editor.json";
import errors from "./errors.json";
import feeds from "./feeds.json";
import follow from "./follow.json";
import mail from "./mail.json";
import search from "./search.json";
import apidocs from "./apidocs.json";

const resources = {
  account,
  adoption,
  insights,
  admin,
  auth,
  bases,
  cases,
  common,
  discussion,
  editor,
  errors,
  feeds,
  follow,
  mail,
  search,
  apidocs,
};
export default resources;
