import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@ledger/operations';
import { DASHBOARD_CLIENT_JS } from '../ui/dashboard-client.generated';
import { DASHBOARD_HTML } from '../ui/dashboard-page';

/**
 * The supervisors' dashboard: a static page and its script, open to all (they hold no data).
 * The page reads only the public v1 API, as the user signed in: `POST /v1/session` exchanges an
 * API key or JWT once for an HttpOnly session cookie, so the page keeps no key and the report's
 * links work in the browser; it shows the actions the OpenAPI document admits for the roles.
 */
@ApiExcludeController()
@Public()
@Controller('ui')
export class UiController {
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  @Header(
    'Content-Security-Policy',
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; frame-src 'self' blob:; object-src 'none'; base-uri 'none'",
  )
  page(): string {
    return DASHBOARD_HTML;
  }

  @Get('dashboard.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  script(): string {
    return DASHBOARD_CLIENT_JS;
  }
}
