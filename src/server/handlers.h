// The handlers named in the route table (router.cc). Each turns one Call into one
// Response through the app services; none touches SQL or sockets. A failed Status is
// answered with ProblemFor(); a request the server cannot even read (bad JSON, bad query
// parameter) with 400.
#pragma once

#include "server/router.h"

namespace salesdesk::server {

// handlers_session.cc
Response HandleHealth(Services& services, const Call& call);
Response HandleSignIn(Services& services, const Call& call);
Response HandleSignOut(Services& services, const Call& call);
Response HandleMe(Services& services, const Call& call);

// handlers_records.cc: /api/v1/{kind} and /api/v1/{kind}/{id}; call.route.kind is set.
Response HandleList(Services& services, const Call& call);
Response HandleGet(Services& services, const Call& call);
Response HandleCreate(Services& services, const Call& call);
Response HandleUpdate(Services& services, const Call& call);
Response HandleDelete(Services& services, const Call& call);

// handlers_reports.cc
Response HandleAudit(Services& services, const Call& call);
Response HandleDashboard(Services& services, const Call& call);
Response HandleImport(Services& services, const Call& call);
Response HandleExport(Services& services, const Call& call);

// handlers_forecast.cc: /api/v1/forecast/... (the forecast sheet).
Response HandleForecastScopes(Services& services, const Call& call);
Response HandleForecastSheet(Services& services, const Call& call);
Response HandleForecastRollup(Services& services, const Call& call);
Response HandleForecastOpinion(Services& services, const Call& call);
Response HandleForecastComposite(Services& services, const Call& call);
Response HandleForecastKeep(Services& services, const Call& call);
Response HandleDelphiView(Services& services, const Call& call);
Response HandleDelphiAnswer(Services& services, const Call& call);
Response HandleDelphiNext(Services& services, const Call& call);

// handlers_methods.cc: the market methods as calculators.
Response HandleTestMarket(Services& services, const Call& call);
Response HandleSurvey(Services& services, const Call& call);
Response HandleMarketFactor(Services& services, const Call& call);
Response HandleBuyingPower(Services& services, const Call& call);
Response HandleEconometric(Services& services, const Call& call);

// handlers_territory.cc: /api/v1/territories... (territory planning).
Response HandleTerritories(Services& services, const Call& call);
Response HandleTerritoryAlign(Services& services, const Call& call);
// POST starts a background alignment (202 with its id), GET shows its progress and result,
// DELETE cancels it (204); only its starter sees it (404 for anyone else).
Response HandleAlignJobStart(Services& services, const Call& call);
Response HandleAlignJobGet(Services& services, const Call& call);
Response HandleAlignJobCancel(Services& services, const Call& call);
Response HandleTerritoryWhatIf(Services& services, const Call& call);
Response HandleTerritoryApply(Services& services, const Call& call);
Response HandlePlanFacts(Services& services, const Call& call);
Response HandlePlanMarkdown(Services& services, const Call& call);
Response HandlePlanPdf(Services& services, const Call& call);

}  // namespace salesdesk::server
