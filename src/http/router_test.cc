#include "http/router.h"

#include <gtest/gtest.h>

namespace inbeeld {
namespace {

TEST(Router, MatchesParamsAndMethods) {
  Router r;
  r.Add("GET", "/api/v1/persons/{id}", [](Request& q) {
    Response resp;
    resp.body = "person " + q.PathParam("id");
    return resp;
  });
  r.Add("POST", "/api/v1/persons", [](Request&) {
    Response resp;
    resp.status = 201;
    return resp;
  });
  Request q;
  q.method = "GET";
  q.path = "/api/v1/persons/42";
  EXPECT_EQ(r.Dispatch(q).body, "person 42");
  q.path = "/api/v1/persons/42/";
  EXPECT_EQ(r.Dispatch(q).body, "person 42");
  q.path = "/api/v1/persons/42/x";
  EXPECT_EQ(r.Dispatch(q).status, 404);
  q.method = "DELETE";
  q.path = "/api/v1/persons";
  Response resp = r.Dispatch(q);
  EXPECT_EQ(resp.status, 405);
  EXPECT_EQ(resp.content_type, "application/problem+json");
  q.method = "HEAD";
  q.path = "/api/v1/persons/7";
  EXPECT_EQ(r.Dispatch(q).status, 200);
}

}  // namespace
}  // namespace inbeeld
