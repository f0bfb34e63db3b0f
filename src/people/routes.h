// HTTP routes of the people register: /api/v1/persons... and the pages
// /personen (search) and /personen/{id} (a person's page).
#pragma once

#include "http/router.h"
#include "people/person_service.h"
#include "web/shell.h"

namespace inbeeld {

void AddPeopleRoutes(Router& router, const WebShell& shell, PersonService& people, Store& store);

}  // namespace inbeeld
