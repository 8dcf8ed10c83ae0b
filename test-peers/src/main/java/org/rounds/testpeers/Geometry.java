package org.rounds.testpeers;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The screen size {@link RealPeers} gives an Xvnc or Xvfb parameter (default 800 x 600). */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE})
public @interface Geometry {
    int width();

    int height();
}
