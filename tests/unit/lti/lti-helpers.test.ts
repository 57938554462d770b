import { describe, expect, test } from 'vitest';
import { scoresUrl } from '../../../src/server/lti/ags/score';
import { courseRole, isCrossSitePostPath } from '../../../src/server/lti/claims';
import { frameCookie, readCookie } from '../../../src/server/lti/cookies';
import { platformUrl } from '../../../src/server/lti/platform-url';

describe('LTI helpers', () => {
  test('scores go to <lineitem>/scores, keeping the line item’s query string', () => {
    expect(scoresUrl('https://lms.example/api/lti/courses/1/line_items/7')).toBe('https://lms.example/api/lti/courses/1/line_items/7/scores');
    expect(scoresUrl('https://lms.example/mod/lti/services.php/2/lineitems/14/lineitem?type_id=1')).toBe('https://lms.example/mod/lti/services.php/2/lineitems/14/lineitem/scores?type_id=1');
  });

  test('LTI roles map to instructor or learner', () => {
    expect(courseRole(['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'])).toBe('instructor');
    expect(courseRole(['http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant'])).toBe('instructor');
    expect(courseRole(['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'])).toBe('learner');
    expect(courseRole([])).toBe('learner');
    expect(courseRole(['http://purl.imsglobal.org/vocab/lis/v2/institution/person#Student'])).toBe('learner');
  });

  test('frame cookies are SameSite=None; Secure over https and Lax on plain http', () => {
    expect(frameCookie('a', 'b', { secure: true, maxAgeSeconds: 60 })).toBe('a=b; Path=/; Max-Age=60; HttpOnly; SameSite=None; Secure');
    expect(frameCookie('a', 'b', { secure: true, maxAgeSeconds: 60, partitioned: true })).toBe('a=b; Path=/; Max-Age=60; HttpOnly; SameSite=None; Secure; Partitioned');
    expect(frameCookie('a', 'b', { secure: false, maxAgeSeconds: 60, partitioned: true })).toBe('a=b; Path=/; Max-Age=60; HttpOnly; SameSite=Lax');
    expect(frameCookie('a', 'b', { secure: false, maxAgeSeconds: 60, path: '/lti/' })).toBe('a=b; Path=/lti/; Max-Age=60; HttpOnly; SameSite=Lax');
    expect(readCookie('x=1; lti_b_abc=val; y=2', 'lti_b_abc')).toBe('val');
    expect(readCookie(null, 'x')).toBeUndefined();
  });

  test('platform URLs must be https, except on loopback', () => {
    expect(platformUrl('https://lms.example/x', 'u').href).toBe('https://lms.example/x');
    expect(platformUrl('http://127.0.0.1:9/x', 'u').hostname).toBe('127.0.0.1');
    expect(platformUrl('http://localhost:9/x', 'u').hostname).toBe('localhost');
    expect(() => platformUrl('http://lms.example/x', 'Issuer')).toThrow('Issuer must use https');
    expect(() => platformUrl('http://127.0.0.1.evil.example/x', 'u')).toThrow('must use https');
    expect(() => platformUrl('ftp://lms.example', 'u')).toThrow('must use https');
    expect(() => platformUrl('not a url', 'u')).toThrow('is not a URL');
  });

  test('only the login and launch endpoints are exempt from the Origin check', () => {
    expect(isCrossSitePostPath('/lti/login')).toBe(true);
    expect(isCrossSitePostPath('/lti/launch/')).toBe(true);
    expect(isCrossSitePostPath('/lti/register')).toBe(false);
    expect(isCrossSitePostPath('/api/lti/deep-link')).toBe(false);
    expect(isCrossSitePostPath('/lti/launch/x')).toBe(false);
  });
});
